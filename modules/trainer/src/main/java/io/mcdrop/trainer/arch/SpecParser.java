package io.mcdrop.trainer.arch;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses architecture specs.
 *
 * <pre>
 * spec  := block (',' block)*
 * block := token ('-' token)*
 * token := conv&lt;C&gt;[k&lt;K&gt;][s&lt;S&gt;] | bn | relu | pool[&lt;K&gt;] | avgpool[&lt;K&gt;] | gap | flatten
 *        | drop&lt;p&gt; | sdrop&lt;p&gt; | fc&lt;N&gt; | res&lt;C&gt;[s&lt;S&gt;][d&lt;p&gt;|sd&lt;p&gt;]
 * </pre>
 *
 * Errors name the token, its character position and show a caret under it.
 */
public final class SpecParser {
  private static final String RATE = "(\\d*\\.\\d+|0|1)";
  private static final Pattern CONV = Pattern.compile("conv(\\d+)(?:k(\\d+))?(?:s(\\d+))?");
  private static final Pattern POOL = Pattern.compile("(max)?pool(\\d+)?");
  private static final Pattern AVGPOOL = Pattern.compile("avgpool(\\d+)?");
  private static final Pattern DROP = Pattern.compile("(s?)drop" + RATE);
  private static final Pattern FC = Pattern.compile("fc(\\d+)");
  private static final Pattern RES =
      Pattern.compile("res(\\d+)(?:s(\\d+))?(?:(sd|d)" + RATE + ")?");
  static final String SYNTAX =
      "expected one of conv<C>[k<K>][s<S>], bn, relu, pool[<K>], avgpool[<K>], gap, flatten,"
          + " drop<p>, sdrop<p>, fc<N>, res<C>[s<S>][d<p>|sd<p>]";

  private SpecParser() {}

  public static ArchSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new McdropException(ErrorCode.BAD_OPTION, "architecture spec is empty; " + SYNTAX);
    }
    List<List<Token>> blocks = new ArrayList<>();
    int pos = 0;
    for (String blockText : text.split(",", -1)) {
      List<Token> block = new ArrayList<>();
      int tokPos = pos;
      for (String raw : blockText.split("-", -1)) {
        int lead = raw.length() - raw.stripLeading().length();
        String tok = raw.strip().toLowerCase(java.util.Locale.ROOT);
        block.add(token(text, tok, tokPos + lead));
        tokPos += raw.length() + 1;
      }
      blocks.add(block);
      pos += blockText.length() + 1;
    }
    ArchSpec spec = new ArchSpec(blocks);
    checkEndsWithFc(text, spec);
    return spec;
  }

  private static void checkEndsWithFc(String text, ArchSpec spec) {
    List<Token> last = spec.blocks().get(spec.blocks().size() - 1);
    Token t = last.get(last.size() - 1);
    if (t.kind() != Token.Kind.FC) {
      throw error(
          text,
          t.position(),
          t.text(),
          "the last token must be the output layer fc<classes> (e.g. fc10)");
    }
  }

  private static Token token(String text, String tok, int pos) {
    if (tok.isEmpty()) {
      throw error(text, pos, "", "empty token (doubled or trailing '-' or ',')");
    }
    Matcher m;
    if ((m = CONV.matcher(tok)).matches()) {
      int c = positive(text, tok, pos, m.group(1), "channels");
      int k = m.group(2) == null ? 3 : positive(text, tok, pos, m.group(2), "kernel size");
      int s = m.group(3) == null ? 1 : positive(text, tok, pos, m.group(3), "stride");
      return new Token(Token.Kind.CONV, c, k, s, 0, false, pos);
    }
    switch (tok) {
      case "bn":
        return new Token(Token.Kind.BN, 0, 0, 1, 0, false, pos);
      case "relu":
        return new Token(Token.Kind.RELU, 0, 0, 1, 0, false, pos);
      case "gap":
        return new Token(Token.Kind.GAP, 0, 0, 1, 0, false, pos);
      case "flatten":
        return new Token(Token.Kind.FLATTEN, 0, 0, 1, 0, false, pos);
      default:
        break;
    }
    if ((m = POOL.matcher(tok)).matches()) {
      int k = m.group(2) == null ? 2 : positive(text, tok, pos, m.group(2), "pool window");
      return new Token(Token.Kind.MAXPOOL, k, 0, 1, 0, false, pos);
    }
    if ((m = AVGPOOL.matcher(tok)).matches()) {
      int k = m.group(1) == null ? 2 : positive(text, tok, pos, m.group(1), "pool window");
      return new Token(Token.Kind.AVGPOOL, k, 0, 1, 0, false, pos);
    }
    if ((m = DROP.matcher(tok)).matches()) {
      boolean spatial = !m.group(1).isEmpty();
      double p = rate(text, tok, pos, m.group(2));
      return new Token(spatial ? Token.Kind.SDROP : Token.Kind.DROP, 0, 0, 1, p, spatial, pos);
    }
    if ((m = FC.matcher(tok)).matches()) {
      return new Token(
          Token.Kind.FC, positive(text, tok, pos, m.group(1), "units"), 0, 1, 0, false, pos);
    }
    if ((m = RES.matcher(tok)).matches()) {
      int c = positive(text, tok, pos, m.group(1), "channels");
      int s = m.group(2) == null ? 1 : positive(text, tok, pos, m.group(2), "stride");
      boolean spatial = "sd".equals(m.group(3));
      double p = m.group(4) == null ? 0 : rate(text, tok, pos, m.group(4));
      return new Token(Token.Kind.RES, c, 3, s, p, spatial, pos);
    }
    throw error(text, pos, tok, "unknown token; " + SYNTAX);
  }

  private static int positive(String text, String tok, int pos, String digits, String what) {
    int v;
    try {
      v = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw error(text, pos, tok, what + " is too large");
    }
    if (v <= 0) {
      throw error(text, pos, tok, what + " must be positive");
    }
    return v;
  }

  private static double rate(String text, String tok, int pos, String digits) {
    double p = Double.parseDouble(digits);
    if (!(p >= 0 && p < 1)) {
      throw error(text, pos, tok, "dropout rate must be in [0, 1), got " + digits);
    }
    return p;
  }

  static McdropException error(String text, int pos, String tok, String why) {
    return new McdropException(
        ErrorCode.BAD_OPTION,
        "architecture spec: bad token '"
            + tok
            + "' at position "
            + pos
            + ": "
            + why
            + "\n  "
            + text
            + "\n  "
            + " ".repeat(Math.max(0, pos))
            + "^");
  }
}
