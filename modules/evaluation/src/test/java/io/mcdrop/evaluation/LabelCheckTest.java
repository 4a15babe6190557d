package io.mcdrop.evaluation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.McdropException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelCheckTest {
  @Test
  void matchingNamesOrUnnamedOutputsOfTheRightCountPass() {
    assertDoesNotThrow(
        () -> LabelCheck.verify("m", List.of("Cat", "dog"), "d", List.of("cat", "dog ")));
    assertDoesNotThrow(() -> LabelCheck.verify("m", List.of("0", "1"), "d", List.of("cat", "dog")));
  }

  @Test
  void otherNamesOrAnotherOrderOrCountFailNamingBothLists() {
    McdropException e =
        assertThrows(
            McdropException.class,
            () -> LabelCheck.verify("m", List.of("dog", "cat"), "d", List.of("cat", "dog")));
    assertTrue(e.getMessage().contains("[dog, cat]") && e.getMessage().contains("[cat, dog]"));
    assertThrows(
        McdropException.class,
        () -> LabelCheck.verify("m", List.of("0", "1", "2"), "d", List.of("cat", "dog")));
  }
}
