package io.mcdrop.trainer.export;

import io.mcdrop.trainer.data.Preprocess;
import java.util.List;
import java.util.Map;

/**
 * What an exported model says about itself besides its weights.
 *
 * @param name graph name
 * @param labels class names in output order
 * @param preprocess how to prepare images
 * @param architecture JSON-ready description: preset name, spec text, input shape
 * @param training JSON-ready facts about training (data set, epochs, final losses, seed, date)
 * @param description the model's doc string
 */
public record ModelInfo(
    String name,
    List<String> labels,
    Preprocess preprocess,
    Map<String, Object> architecture,
    Map<String, Object> training,
    String description) {}
