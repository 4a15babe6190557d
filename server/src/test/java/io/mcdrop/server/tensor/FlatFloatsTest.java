package io.mcdrop.server.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import io.mcdrop.errors.McdropException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast read of a flat JSON number array gives, bit for bit, the floats the streaming parser
 * gives ({@link JsonTensors#readFloats}), and declines everything it does not read itself.
 */
class FlatFloatsTest {

  /** The reference: the streaming parser's floats, as raw bits. */
  private static int[] streaming(String json) throws IOException {
    try (JsonParser p = JsonTensors.FACTORY.createParser(json)) {
      p.nextToken();
      float[] f = JsonTensors.readFloats(p, "t", 4);
      int[] bits = new int[f.length];
      for (int i = 0; i < f.length; i++) {
        bits[i] = Float.floatToRawIntBits(f[i]);
      }
      return bits;
    }
  }

  private static int[] fast(String json) {
    byte[] b = json.getBytes(StandardCharsets.US_ASCII);
    FlatFloats.Scan s = FlatFloats.scan(b, 0, 4);
    assertNotNull(s, json);
    assertEquals(b.length, s.end(), "ends just past the ']' of " + json);
    int[] bits = new int[s.values().length];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Float.floatToRawIntBits(s.values()[i]);
    }
    return bits;
  }

  private static void assertSame(List<String> all) throws IOException {
    List<String> numbers = new ArrayList<>();
    for (String x : all) {
      try {
        streaming("[" + x + "]");
        numbers.add(x);
      } catch (McdropException e) {
        // outside the float range: the streaming parser refuses it, and the fast path hands it on
        assertNull(FlatFloats.scan(("[" + x + "]").getBytes(StandardCharsets.US_ASCII), 0, 4), x);
      }
    }
    assertTrue(numbers.size() > all.size() / 2, "most numbers are floats");
    // in chunks, so that a mismatch names a short array
    for (int from = 0; from < numbers.size(); from += 64) {
      String json =
          "[" + String.join(",", numbers.subList(from, Math.min(numbers.size(), from + 64))) + "]";
      assertArrayEquals(streaming(json), fast(json), json);
    }
  }

  @Test
  void everyKindOfNumberReadsAsTheStreamingParserReadsIt() throws IOException {
    List<String> n =
        new ArrayList<>(
            List.of(
                "0",
                "-0",
                "0.0",
                "-0.0",
                "0e5",
                "-0E-3",
                "1",
                "-1",
                "10",
                "123456789",
                "16777217",
                "9007199254740993",
                "9223372036854775807",
                "99999999999999999999999",
                "0.1",
                "0.145098045",
                "1e-3",
                "1E+3",
                "2.5e-1",
                "3.4028235E38",
                "3.4028236E38",
                "1.17549435E-38",
                "1.4E-45",
                "1e-46",
                "7.006492321624085e-46",
                "0.30000000000000004",
                "1.00000005960464477539062500001",
                "1.000000059604644775390625",
                "1.0000001788139343",
                "123456789012345678901e-20"));
    Random r = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      float f = Float.intBitsToFloat(r.nextInt());
      if (Float.isFinite(f)) {
        n.add(Float.toString(f)); // what Java clients send
        n.add(Double.toString(f)); // more digits than a float needs
      }
      n.add(Float.toString(r.nextFloat())); // image-like values in [0, 1)
      // decimals of up to 25 digits with exponents around the fast path's edges
      StringBuilder s = new StringBuilder(r.nextBoolean() ? "-" : "");
      int digits = 1 + r.nextInt(25);
      s.append(1 + r.nextInt(9));
      for (int d = 1; d < digits; d++) {
        s.append(r.nextInt(10));
        if (d == 1 + r.nextInt(digits)) {
          s.append('.');
          s.append(r.nextInt(10));
        }
      }
      s.append('e').append(r.nextInt(80) - 40);
      n.add(s.toString().replaceFirst("\\.(?=.*\\.)", ""));
    }
    n.removeIf(x -> x.chars().filter(c -> c == '.').count() > 1);
    assertSame(n);
  }

  @Test
  void decimalsOnAndBesideAMidpointBetweenTwoFloatsRoundAsTheStreamingParserRoundsThem()
      throws IOException {
    // the double of such a decimal is exactly the midpoint: narrowing it would round to even
    // where the decimal itself lies above or below; the fast path must hand these on
    List<String> n = new ArrayList<>();
    Random r = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      float lo = Float.intBitsToFloat(0x3c000000 + r.nextInt(0x04000000)); // about 0.008 .. 1
      BigDecimal mid =
          new BigDecimal(lo).add(new BigDecimal(Math.nextUp(lo))).divide(BigDecimal.valueOf(2));
      BigDecimal tiny = new BigDecimal("1e-40");
      n.add(mid.toPlainString());
      n.add(mid.add(tiny).toPlainString());
      n.add(mid.subtract(tiny).toPlainString());
      n.add(mid.round(new java.math.MathContext(17)).toString());
      n.add(mid.round(new java.math.MathContext(12)).toString());
    }
    assertSame(n);
  }

  @Test
  void whitespaceEverywhereJsonAllowsIt() throws IOException {
    String json = "[ \n\t1 ,\r\n 2.5e0\t,-3   ]";
    assertArrayEquals(streaming(json), fast(json));
    assertArrayEquals(new int[0], fast("[ ]"));
  }

  @Test
  void declinesWhatItDoesNotReadSoTheStreamingParserDecides() {
    for (String json :
        List.of(
            "[01]",
            "[1.]",
            "[.5]",
            "[1e]",
            "[1e+]",
            "[-]",
            "[+1]",
            "[1,]",
            "[1 2]",
            "[,1]",
            "[[1]]",
            "[\"1\"]",
            "[null]",
            "[true]",
            "[NaN]",
            "[Infinity]",
            "[1e39]",
            "[-3.5e38]",
            "[1,2",
            "[1",
            "[",
            "1",
            "[0x10]",
            "[1.5.5]",
            "[1e5e5]",
            "[--1]")) {
      assertNull(
          FlatFloats.scan(json.getBytes(StandardCharsets.US_ASCII), 0, 4), "declines " + json);
    }
    assertNull(FlatFloats.scan("x[1]".getBytes(StandardCharsets.US_ASCII), 0, 4));
  }

  @Test
  void theRestOfAnObjectIsAnObjectOfItsOwn() {
    byte[] b = "{\"data\":[1] , \"samples\":3}x".getBytes(StandardCharsets.US_ASCII);
    int end = "{\"data\":[1]".length();
    assertEquals(
        "{ \"samples\":3}x",
        new String(FlatFloats.restOfObject(b, end), StandardCharsets.US_ASCII));
    byte[] last = "{\"data\":[1] }".getBytes(StandardCharsets.US_ASCII);
    assertEquals("{}", new String(FlatFloats.restOfObject(last, end), StandardCharsets.US_ASCII));
    for (String bad :
        List.of("{\"data\":[1],}", "{\"data\":[1] 3}", "{\"data\":[1]", "{\"data\":[1],")) {
      assertNull(FlatFloats.restOfObject(bad.getBytes(StandardCharsets.US_ASCII), end), bad);
    }
  }
}
