package io.mcdrop.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestTest {
  private static final List<String> OOD = List.of("noise", "blank", "inverted", "holdout");

  @Test
  void suggestsTheClosestWordForSmallTypos() {
    assertEquals(Optional.of("noise"), Suggest.closest("nois", OOD));
    assertEquals(Optional.of("inverted"), Suggest.closest("invertd", OOD));
    assertEquals(Optional.of("holdout"), Suggest.closest("holdot", OOD));
    assertEquals(
        Optional.of("fashion-mnist"),
        Suggest.closest("fashion-mnst", List.of("fashion-mnist", "synthetic")));
    assertEquals(Optional.of("loop"), Suggest.closest("lopo", List.of("auto", "loop")));
  }

  @Test
  void suggestsNothingForExactMatchesFarWordsOrBlanks() {
    assertEquals(Optional.empty(), Suggest.closest("noise", OOD));
    assertEquals(Optional.empty(), Suggest.closest("x", List.of("auto")));
    assertEquals(Optional.empty(), Suggest.closest("photos/", OOD));
    assertEquals(Optional.empty(), Suggest.closest("", OOD));
    assertEquals("", Suggest.didYouMean("zzzz", OOD));
    assertEquals(" (did you mean blank?)", Suggest.didYouMean("blnak", OOD));
  }
}
