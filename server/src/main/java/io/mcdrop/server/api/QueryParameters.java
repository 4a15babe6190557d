package io.mcdrop.server.api;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;

/**
 * Strict parsing of the native API's query parameters: a value that is present must be exactly of
 * its type ({@code samples=30.7}, {@code samples=}, {@code raw=yes} are errors, never rounded,
 * defaulted or read as false); an absent parameter is null and takes the server's default.
 */
final class QueryParameters {
  private QueryParameters() {}

  static Integer integer(String name, String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (!v.matches("[+-]?\\d{1,10}")) {
      throw bad(name, value, "a whole number");
    }
    long n = Long.parseLong(v);
    if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
      throw bad(
          name, value, "a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
    }
    return (int) n;
  }

  static Long longInteger(String name, String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (!v.matches("[+-]?\\d{1,19}")) {
      throw bad(name, value, "a whole number");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw bad(name, value, "a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
    }
  }

  static Double decimal(String name, String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (!v.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw bad(name, value, "a number");
    }
    double d = Double.parseDouble(v);
    if (!Double.isFinite(d)) {
      throw bad(name, value, "a finite number");
    }
    return d;
  }

  static Boolean bool(String name, String value) {
    if (value == null) {
      return null;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(name, value, "true or false");
    };
  }

  static String text(String name, String value) {
    if (value != null && value.isBlank()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "query parameter '" + name + "' is empty; leave it out for the default");
    }
    return value;
  }

  private static McdropException bad(String name, String value, String expected) {
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    return new McdropException(
        ErrorCode.BAD_INPUT,
        value.isBlank()
            ? "query parameter '" + name + "' is empty; leave it out for the default"
            : "query parameter '" + name + "' must be " + expected + ", got '" + shown + "'");
  }
}
