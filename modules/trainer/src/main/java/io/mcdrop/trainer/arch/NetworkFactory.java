package io.mcdrop.trainer.arch;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.layers.AvgPool2d;
import io.mcdrop.trainer.layers.BatchNorm2d;
import io.mcdrop.trainer.layers.Conv2d;
import io.mcdrop.trainer.layers.Dropout;
import io.mcdrop.trainer.layers.Flatten;
import io.mcdrop.trainer.layers.GlobalAvgPool;
import io.mcdrop.trainer.layers.Layer;
import io.mcdrop.trainer.layers.Linear;
import io.mcdrop.trainer.layers.MaxPool2d;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.ReLU;
import io.mcdrop.trainer.layers.ResidualBlock;
import io.mcdrop.trainer.layers.SpatialDropout;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds a {@link Network} from an {@link Architecture}, inferring shapes as it goes. A Flatten is
 * inserted before the first fully connected layer; a convolution directly followed by batch norm
 * gets no bias (the norm's shift replaces it). Weights and dropout streams come from {@code seed}.
 */
public final class NetworkFactory {
  private static final java.util.Set<Token.Kind> SPATIAL_ONLY =
      java.util.EnumSet.of(
          Token.Kind.CONV,
          Token.Kind.MAXPOOL,
          Token.Kind.AVGPOOL,
          Token.Kind.GAP,
          Token.Kind.SDROP,
          Token.Kind.RES);

  private NetworkFactory() {}

  public static Network build(Architecture arch, long seed) {
    Rng rng = new Rng(Rng.derive(seed, 1));
    Shape shape = arch.input();
    List<Network.Entry> entries = new ArrayList<>();
    List<List<Token>> blocks = arch.spec().blocks();
    // Whether the data is already [N, F]: ONNX Gemm needs rank 2, so a Flatten goes in front of
    // the first fc even after global pooling, and convolutions cannot follow an fc.
    boolean flat = false;
    for (int bi = 0; bi < blocks.size(); bi++) {
      List<Token> block = blocks.get(bi);
      String blockText = block.stream().map(Token::text).collect(Collectors.joining("-"));
      for (int ti = 0; ti < block.size(); ti++) {
        Token t = block.get(ti);
        Token next = ti + 1 < block.size() ? block.get(ti + 1) : null;
        if (t.kind() == Token.Kind.FC && !flat) {
          Layer f = new Flatten(shape);
          entries.add(new Network.Entry(f, bi + 1, blockText));
          shape = f.outputShape();
          flat = true;
        }
        if (flat && SPATIAL_ONLY.contains(t.kind())) {
          throw SpecParser.error(
              arch.spec().text(),
              t.position(),
              t.text(),
              "needs a feature map but comes after the image was flattened by fc/flatten");
        }
        if (t.kind() == Token.Kind.FLATTEN) {
          if (flat) {
            continue;
          }
          flat = true;
        }
        Layer layer;
        try {
          layer = layer(t, next, shape, rng);
        } catch (IllegalArgumentException e) {
          throw new McdropException(
              ErrorCode.BAD_OPTION,
              "architecture spec: token '"
                  + t.text()
                  + "' (block "
                  + (bi + 1)
                  + ") cannot take input "
                  + shape
                  + ": "
                  + e.getMessage());
        }
        entries.add(new Network.Entry(layer, bi + 1, blockText));
        shape = layer.outputShape();
      }
    }
    return new Network(arch.input(), entries);
  }

  private static Layer layer(Token t, Token next, Shape in, Rng rng) {
    return switch (t.kind()) {
      case CONV -> {
        boolean bias = next == null || next.kind() != Token.Kind.BN;
        yield new Conv2d(in, t.size(), t.kernel(), t.stride(), t.kernel() / 2, bias, rng);
      }
      case BN -> new BatchNorm2d(in);
      case RELU -> new ReLU(in);
      case MAXPOOL -> new MaxPool2d(in, t.size(), t.size());
      case AVGPOOL -> new AvgPool2d(in, t.size(), t.size());
      case GAP -> new GlobalAvgPool(in);
      case FLATTEN -> new Flatten(in);
      case DROP -> new Dropout(in, t.rate(), rng.nextInt(Integer.MAX_VALUE));
      case SDROP -> new SpatialDropout(in, t.rate(), rng.nextInt(Integer.MAX_VALUE));
      case FC -> new Linear(in, t.size(), rng);
      case RES -> new ResidualBlock(in, t.size(), t.stride(), t.rate(), t.spatial(), rng);
    };
  }
}
