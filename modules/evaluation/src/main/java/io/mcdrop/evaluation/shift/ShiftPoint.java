package io.mcdrop.evaluation.shift;

import io.mcdrop.evaluation.predict.QualityMetrics;

/** Deterministic and MC quality at one rotation angle ({@code mc} is null without sampling). */
public record ShiftPoint(double angle, QualityMetrics deterministic, QualityMetrics mc) {}
