package io.mcdrop.server.v2;

import io.mcdrop.server.tensor.Text;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A request parameter's value as the client sent it, before any conversion: exact integers and
 * decimals (nothing wraps or rounds on the way in), strings, booleans, or something else.
 */
public sealed interface Param {
  /** How the value reads in an error message. */
  String describe();

  /** An integer, exactly as written. */
  record Int(BigInteger value) implements Param {
    @Override
    public String describe() {
      return Text.abbreviate(value.toString());
    }
  }

  /** A number with a fraction or an exponent, exactly as written. */
  record Real(BigDecimal value) implements Param {
    @Override
    public String describe() {
      return Text.abbreviate(value.toString());
    }
  }

  /** A string. */
  record Str(String value) implements Param {
    @Override
    public String describe() {
      return "the string \"" + Text.abbreviate(value) + "\"";
    }
  }

  /** A boolean. */
  record Bool(boolean value) implements Param {
    @Override
    public String describe() {
      return "the boolean " + value;
    }
  }

  /** Anything else (an array, an object, null, a gRPC parameter with no value set). */
  record Other(String kind) implements Param {
    @Override
    public String describe() {
      return kind;
    }
  }
}
