package io.mcdrop.runtime.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import org.junit.jupiter.api.Test;

class CalibrationCodecTest {
  static CalibrationSpec spec(boolean withMc) {
    return new CalibrationSpec(
        new CalibrationSpec.Mode(1, 1.25, 0.93, 0.8, Double.NaN, 0.3, 0.25),
        withMc ? new CalibrationSpec.Mode(30, 0.9, 0.95, 0.9, 0.05, 0.31, 0.26) : null,
        new ConformalScore(ScoreType.RAPS, 5, 0.01),
        0.1,
        0.95,
        5000,
        "fashion-mnist train images 55000-59999",
        "2026-12-01T19:00:00Z");
  }

  @Test
  void roundTripsEveryField() {
    for (boolean mc : new boolean[] {true, false}) {
      CalibrationSpec s = spec(mc);
      String json = CalibrationCodec.write(s);
      CalibrationSpec back = CalibrationCodec.read(json);
      assertEquals(s.deterministic().temperature(), back.deterministic().temperature());
      assertTrue(Double.isNaN(back.deterministic().mutualInformationThreshold()));
      assertEquals(s.score(), back.score());
      assertEquals(s.alpha(), back.alpha());
      assertEquals(s.images(), back.images());
      assertEquals(s.data(), back.data());
      assertEquals(s.date(), back.date());
      if (mc) {
        assertEquals(s.mc(), back.mc());
        assertEquals(30, back.mode(30).samples());
      } else {
        assertNull(back.mc());
      }
      assertEquals(json, CalibrationCodec.write(back));
    }
  }

  @Test
  void brokenMetadataIsAModelErrorThatSaysWhatIsWrong() {
    String[][] cases = {
      {"not json", "is not JSON"},
      {"[1]", "is not a JSON object"},
      {"{\"version\": 2}", "version 2"},
      {
        CalibrationCodec.write(spec(true)).replace("\"temperature\":0.9", "\"temperature\":-1"),
        "temperature must be a positive number"
      },
      {CalibrationCodec.write(spec(true)).replace("\"raps\"", "\"xyz\""), "lac, aps or raps"},
      {
        CalibrationCodec.write(spec(true)).replace("\"alpha\":0.1", "\"alpha\":\"a\""),
        "'alpha' is not a number"
      },
    };
    for (String[] c : cases) {
      McdropException e = assertThrows(McdropException.class, () -> CalibrationCodec.read(c[0]));
      assertEquals(ErrorCode.MODEL_INVALID, e.code(), c[0]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
  }
}
