package io.mcdrop.server.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the framework's own error messages (body conversion, JSON syntax) into text a client can
 * act on: no Java class names, object identities or parser internals such as "Source: REDACTED".
 */
final class FrameworkMessages {
  private static final Pattern CONVERT =
      Pattern.compile("^Failed to convert argument \\[(\\w+)\\] for value \\[[^\\]]*\\] due to: ");
  private static final Pattern PROPERTY =
      Pattern.compile(
          "Error decoding property \\[(?:[\\w.$<>]+ )?(\\w+)\\] of type \\[[^\\]]*\\]: ");
  private static final Pattern LOCATION =
      Pattern.compile(
          "\\s*at \\[Source: [^;\\]]*(?:\\([^)]*\\))?[^;\\]]*;\\s*line: (\\d+), column: (\\d+)\\]");
  private static final Pattern SOURCE =
      Pattern.compile("\\s*\\(?\\[?Source: REDACTED[^\\]]*\\]?\\)?");
  private static final Pattern TYPE =
      Pattern.compile("`?(?:class |interface )?(?:[a-z]\\w*\\.)+([A-Z][\\w$]*)`?");
  private static final Pattern IDENTITY = Pattern.compile("([A-Za-z]\\w*)@[0-9a-f]{4,}");

  private FrameworkMessages() {}

  static String clean(String message) {
    if (message == null || message.isBlank()) {
      return message;
    }
    String m = message;
    Matcher c = CONVERT.matcher(m);
    if (c.find()) {
      String arg = c.group(1);
      m =
          (arg.equals("request") || arg.equals("body")
                  ? "invalid request body: "
                  : "invalid value for '" + arg + "': ")
              + m.substring(c.end());
    }
    m = PROPERTY.matcher(m).replaceAll("field '$1': ");
    m = LOCATION.matcher(m).replaceAll(" (line $1, column $2)");
    m = SOURCE.matcher(m).replaceAll("");
    m = TYPE.matcher(m).replaceAll(r -> simpleType(r.group(1)));
    m = IDENTITY.matcher(m).replaceAll("a value");
    return m.replaceAll("\\s+", " ").trim();
  }

  /**
   * A safety net for our own messages: an object's default {@code toString} (class name and
   * identity hash) that slipped into one becomes "a value".
   */
  static String withoutObjects(String message) {
    if (message == null || !IDENTITY.matcher(message).find()) {
      return message;
    }
    return IDENTITY
        .matcher(TYPE.matcher(message).replaceAll(r -> r.group(1)))
        .replaceAll("a value");
  }

  private static String simpleType(String name) {
    return switch (name) {
      case "Integer", "Long", "Short", "BigInteger" -> "an integer";
      case "Double", "Float", "BigDecimal" -> "a number";
      case "Boolean" -> "true or false";
      case "String" -> "a string";
      default -> name.contains("$") ? name.substring(name.lastIndexOf('$') + 1) : name;
    };
  }
}
