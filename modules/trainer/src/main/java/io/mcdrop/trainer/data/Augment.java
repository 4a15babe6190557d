package io.mcdrop.trainer.data;

/**
 * Training-time augmentation: a random crop of the image padded by {@code pad} pixels (zeros) on
 * each side, and a horizontal flip with probability 1/2. {@link #NONE} turns both off.
 */
public record Augment(int pad, boolean flip) {
  public static final Augment NONE = new Augment(0, false);

  /** Crop padding of about 1/14 of the side (2 px for 28×28, 4 px for 64×64) and flips. */
  public static Augment standard(int side) {
    return new Augment(Math.max(1, Math.round(side / 14f)), true);
  }

  public boolean enabled() {
    return pad > 0 || flip;
  }
}
