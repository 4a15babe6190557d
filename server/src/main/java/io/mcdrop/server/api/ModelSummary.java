package io.mcdrop.server.api;

import io.mcdrop.runtime.mc.Strategy;
import io.mcdrop.runtime.model.ModelInfo;
import io.mcdrop.runtime.preprocess.Preprocessing;
import io.mcdrop.server.registry.LoadedModel;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What a client needs to know about a served model.
 *
 * @param name the model's name (file stem), used in URLs
 * @param labels class names in output order
 * @param classes number of classes
 * @param inputName the ONNX input tensor's name
 * @param inputShape input dims without the batch, e.g. [1, 28, 28]
 * @param image how images are turned into input (null: tensor input only)
 * @param dropoutLayers the Dropout layers MC sampling switches on
 * @param mcCapable whether MC samples can be drawn (else only samples=1)
 * @param strategy how samples are drawn by default (trunk, batched or loop)
 * @param provider the ONNX Runtime execution provider
 */
@Serdeable
public record ModelSummary(
    String name,
    List<String> labels,
    int classes,
    String inputName,
    long[] inputShape,
    @Nullable Image image,
    List<DropoutLayer> dropoutLayers,
    boolean mcCapable,
    String strategy,
    String provider) {

  /** Image size and channels the model expects (images are resized to this). */
  @Serdeable
  public record Image(int channels, int height, int width) {}

  /** One Dropout node: its name, drop rate and kind ({@code standard} or {@code spatial}). */
  @Serdeable
  public record DropoutLayer(String node, double rate, String kind) {}

  public static ModelSummary of(LoadedModel model) {
    ModelInfo info = model.info();
    Preprocessing p = info.preprocessing();
    return new ModelSummary(
        model.name(),
        info.labels(),
        info.classes(),
        info.inputName(),
        info.inputShape(),
        p == null ? null : new Image(p.channels(), p.height(), p.width()),
        info.report().dropouts().stream()
            .map(d -> new DropoutLayer(d.node(), d.rate(), d.kind()))
            .toList(),
        info.mcCapable(),
        model.engine().resolve(Strategy.AUTO).cliName(),
        info.provider());
  }
}
