// Script Encoder blobs (src/detect/deobfuscate/script_encoder.h): real blobs from an encoded
// page, round trips through a test-only encoder written here from the inverse tables,
// malformed blobs, and the decoded script reaching the folded text of deobfuscate().
#include "detect/deobfuscate/script_encoder.h"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <string>

#include "detect/deobfuscate/deobfuscate.h"

namespace shellcarve::detect::deobfuscate {
namespace {

// The test's own encoder: plain character -> what screnc writes under tables 0, 1, 2 (the
// published substitution), the 64-entry table order, and the five escapes.
const std::map<char, std::array<char, 3>>& encoder_table() {
  static const std::map<char, std::array<char, 3>> table = [] {
    std::map<char, std::array<char, 3>> t;
    // Rows: plain, then its encodings under tables 0, 1, 2.
    const char* const rows[] = {
        " P~,", "!\"Ze", "\"JEr", "#a:[", "$^yf", "%]Yu", "&['L", "'BvE", "(`cv", ")#b*", "*eMC", "+_Q3",
        ",~SB", "-OR ", ".R c", "/z&J", "0!TZ", "1Fq8", "2 +y", "3&f2", "4c*W", "5*Xl", "6v\x7f+", "7G{F",
        "8%0R", "9,1O", ":)l=", ";iIp", "='x{", "?g_Q", "Ab)z", "BA$~", "CZ/;", "Df9G", "E23A", "Fsow",
        "GM!V", "HCu_", "Iq(&", "J9Bx", "K|Fn", "LSJd", "MH\\t", "N1Hg", "Or6}", "PnKh", "Qp}5", "RI]\"",
        "S?jU", "TKP:", "Uji`", "V.#j", "W\x7f\tq", "X(po", "Y5eI", "Z}t\\", "[$,]", "\\-w'", "]TDY", "^7?%",
        "_{m|", "`=|#", "alCm", "b48(", "cm^1", "dN[9", "e+n\x7f", "f0W6", "goLT", "ht44", "ikrb", "jL%N",
        "k3V0", "lVs^", "m:hs", "nxU\t", "oWGK", "pw2a", "q;5$", "rD.M", "s/dk", "tYOD", "uE;!", "v\\-7",
        "whAS", "x6aX", "yXzH", "zy\".", "{\t`P", "|uk-", "}8N)", "~U=?", "\x7fQg/", "\td7i",
    };
    for (const char* row : rows) t[row[0]] = {row[1], row[2], row[3]};
    return t;
  }();
  return table;
}

std::string base64_number(uint32_t n) {
  static const char* const kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const uint8_t b[4] = {static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n >> 16),
                        static_cast<uint8_t>(n >> 24)};
  std::string s;
  s += kAlphabet[b[0] >> 2];
  s += kAlphabet[((b[0] & 3) << 4) | (b[1] >> 4)];
  s += kAlphabet[((b[1] & 15) << 2) | (b[2] >> 6)];
  s += kAlphabet[b[2] & 63];
  s += kAlphabet[b[3] >> 2];
  s += kAlphabet[(b[3] & 3) << 4];
  return s + "==";
}

std::string encode(std::string_view plain) {
  static constexpr std::string_view kOrder = "1201202002021020102011200210200211020201011201021020112001120102";
  std::string body;
  uint32_t sum = 0;
  size_t n = 0;
  for (char c : plain) {
    sum += static_cast<uint8_t>(c);
    if (static_cast<uint8_t>(c) >= 0x80) {
      body += c;
      continue;
    }
    switch (c) {
      case '\n': body += "@&"; break;
      case '\r': body += "@#"; break;
      case '>': body += "@*"; break;
      case '<': body += "@!"; break;
      case '@': body += "@$"; break;
      default: {
        const auto it = encoder_table().find(c);
        body += it == encoder_table().end() ? c : it->second[static_cast<size_t>(kOrder[n % 64] - '0')];
      }
    }
    ++n;
  }
  return "#@~^" + base64_number(static_cast<uint32_t>(body.size())) + body + base64_number(sum) + "^#~@";
}

// Blobs cut from an encoded page (webshells/tennc_webshell/xakep-shells/ASP/Rader.asp.txt).
TEST(ScriptEncoder, DecodesRealBlobs) {
  EXPECT_EQ(decode_script_encoder_blob("#@~^FAAAAA==G\tPnMDKDPM+k;:\x7f"
                                       "PU+XYtwcAAA==^#~@"), "on error resume next");
  EXPECT_EQ(decode_script_encoder_blob("#@~^CAAAAA==2MWm\tls+UQMAAA==^#~@"), "pro_name");
  const std::string blob =
      "#@~^QwAAAA==r6PUKY,k/^+s~',J8lkVCE,Yt\x7f"
      "U@#@&D+k2Gxk+ch.kOn,JE[HCybVC.LJJ@#@&\x7f"
      "Vd+nBQAAA==^#~@";
  const auto decoded = decode_script_encoder_blob_checked(blob);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->text, "if not islem = \"basla\" then\r\nresponse.write \"\"&yazilar&\"\"\r\nelse");
  EXPECT_EQ(decoded->length, 67u);
  EXPECT_EQ(decoded->checksum, 5276u);
  EXPECT_TRUE(decoded->length_ok);
  EXPECT_TRUE(decoded->checksum_ok);
  EXPECT_EQ(decoded->encoded_bytes, blob.size());
}

TEST(ScriptEncoder, RoundTripsEveryCharacterAtEveryTablePosition) {
  std::string plain;
  for (int round = 0; round < 3; ++round)
    for (int c = 1; c < 0x80; ++c) plain += static_cast<char>(c);
  plain += "\xe4\xb8\xad eval request(\"x\") <%@ %> @@ \r\n\t";
  for (size_t cut : {size_t{0}, size_t{1}, size_t{63}, size_t{64}, size_t{65}, plain.size()}) {
    const std::string part = plain.substr(0, cut);
    const auto decoded = decode_script_encoder_blob_checked(encode(part));
    ASSERT_TRUE(decoded) << cut;
    EXPECT_EQ(decoded->text, part) << cut;
    EXPECT_TRUE(decoded->checksum_ok) << cut;
  }
}

// A page encoded in a double-byte code page (GBK): the encoder leaves a lead byte and the
// byte after it (here 0x40..0x7e, which could be a substitute) alone, does not move the
// table order for them, and counts the pair as one character in the length.
TEST(ScriptEncoder, DoubleByteCodePagePairsAreCopiedWhole) {
  const std::string plain = "x = \"\x81\x40\x81\x7e\xb1\xa3\" : eval request(\"x\")";
  // The test encoder's encode() substitutes a 0x40 after 0x81: encode with pairs kept whole.
  std::string blob;
  {
    static constexpr std::string_view kOrder = "1201202002021020102011200210200211020201011201021020112001120102";
    std::string body;
    uint32_t sum = 0;
    size_t n = 0, characters = 0;
    for (size_t i = 0; i < plain.size(); ++i) {
      const char c = plain[i];
      sum += static_cast<uint8_t>(c);
      if (static_cast<uint8_t>(c) >= 0x81) {
        body += c;
        body += plain[i + 1];
        sum += static_cast<uint8_t>(plain[i + 1]);
        ++i;
        ++characters;
        continue;
      }
      const auto it = encoder_table().find(c);
      body += it == encoder_table().end() ? c : it->second[static_cast<size_t>(kOrder[n % 64] - '0')];
      ++n;
      ++characters;
    }
    blob = "#@~^" + base64_number(static_cast<uint32_t>(characters)) + body + base64_number(sum) + "^#~@";
  }
  const auto decoded = decode_script_encoder_blob_checked(blob);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->text, plain);
  EXPECT_TRUE(decoded->length_ok);
  EXPECT_TRUE(decoded->checksum_ok);
}

TEST(ScriptEncoder, MismatchedChecksumOrLengthStillDecodesAndIsCounted) {
  std::string blob = encode("eval request(\"x\")");
  const size_t trailer = blob.size() - 12;
  std::string bad_sum = blob;
  bad_sum[trailer] = bad_sum[trailer] == 'A' ? 'B' : 'A';
  auto decoded = decode_script_encoder_blob_checked(bad_sum);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->text, "eval request(\"x\")");
  EXPECT_FALSE(decoded->checksum_ok);
  EXPECT_TRUE(decoded->length_ok);
  std::string bad_length = blob;
  bad_length.replace(4, 8, base64_number(9999));
  decoded = decode_script_encoder_blob_checked(bad_length);
  ASSERT_TRUE(decoded);
  EXPECT_FALSE(decoded->length_ok);
  EXPECT_EQ(decoded->text, "eval request(\"x\")");

  uint64_t steps = 1000;
  const ScriptEncoderPass pass = decode_script_encoder_blobs("<%" + bad_sum + "%>" + "<%" + blob + "%>", default_limits(), steps);
  EXPECT_EQ(pass.blobs, 2u);
  EXPECT_EQ(pass.mismatches, 1u);
  EXPECT_EQ(pass.text, "<%eval request(\"x\")%><%eval request(\"x\")%>");
}

TEST(ScriptEncoder, MalformedBlobsAreLeftAsTheyAre) {
  const std::string blob = encode("eval request(\"x\")");
  for (size_t cut = 0; cut < blob.size(); ++cut) {
    EXPECT_FALSE(decode_script_encoder_blob(blob.substr(0, cut))) << cut;  // truncated
    uint64_t steps = 1000;
    const std::string page = "a" + blob.substr(0, cut) + "b";
    EXPECT_EQ(decode_script_encoder_blobs(page, default_limits(), steps).text, page);
  }
  EXPECT_FALSE(decode_script_encoder_blob("#@~^A!AAAA==abcAAAAAA==^#~@"));  // header not base64
  EXPECT_FALSE(decode_script_encoder_blob("#@~^AAAAAA==abcAAA*AA==^#~@"));  // checksum not base64
  EXPECT_FALSE(decode_script_encoder_blob("#@~^AAAAAA=^#~@"));
  EXPECT_FALSE(decode_script_encoder_blob("#@~^AAAAAA==AAAAAA==^#~"));
  EXPECT_EQ(decode_script_encoder_blob("#@~^AAAAAA==AAAAAA==^#~@"), "");  // empty script
  // A blob cut short by another: the first is left, the second decoded.
  uint64_t steps = 1000;
  const std::string page = blob.substr(0, 20) + blob;
  const ScriptEncoderPass pass = decode_script_encoder_blobs(page, default_limits(), steps);
  EXPECT_EQ(pass.blobs, 1u);
  EXPECT_EQ(pass.text, blob.substr(0, 20) + "eval request(\"x\")");
  ASSERT_EQ(pass.spans.size(), 1u);
  EXPECT_EQ(pass.spans[0].original_begin, 20u);
  EXPECT_EQ(pass.spans[0].original_end, page.size());
  // Escapes that are not escapes, and a lone `@` at the end.
  EXPECT_TRUE(decode_script_encoder_blob("#@~^AwAAAA==@x@AAAAAA==^#~@"));
}

TEST(ScriptEncoder, ManyHeadersWithoutTerminatorsStayLinear) {
  std::string page;
  for (int i = 0; i < 100000; ++i) page += "#@~^AAAAAA==";
  uint64_t steps = default_limits().max_deobfuscate_steps;
  const ScriptEncoderPass pass = decode_script_encoder_blobs(page, default_limits(), steps);
  EXPECT_EQ(pass.blobs, 0u);
  EXPECT_EQ(pass.text, page);
  page += "^#~@";
  const ScriptEncoderPass last = decode_script_encoder_blobs(page, default_limits(), steps);
  EXPECT_EQ(last.text.size(), page.size());
}

TEST(ScriptEncoder, StepBudgetStopsDecoding) {
  const std::string blob = encode(std::string(1000, 'x'));
  uint64_t steps = 3;
  const ScriptEncoderPass pass = decode_script_encoder_blobs(blob + blob, default_limits(), steps);
  EXPECT_EQ(pass.blobs, 0u);
  EXPECT_STREQ(pass.limit, "max_deobfuscate_steps");
  EXPECT_EQ(pass.text, blob + blob);
}

// A hand-made encoded one-line shell: the folded text of the page holds the script, with
// the folding of its constants done on the decoded code, and maps back to the blob.
TEST(ScriptEncoder, DeobfuscateFoldsTheDecodedScript) {
  const std::string page = "<%@ LANGUAGE=\"VBScript.Encode\" %><html><%" + encode("eval request(\"x\")") +
                           "%><%" + encode("Execute \"ev\"&\"al(request(\"\"y\"\"))\"") + "%></html>";
  const Deobfuscation d = deobfuscate(page, "x.asp");
  EXPECT_EQ(d.encoded_blobs, 2u);
  EXPECT_EQ(d.encoded_blob_mismatches, 0u);
  EXPECT_EQ(d.text, "<%@ LANGUAGE=\"VBScript.Encode\" %><html><%eval request(\"x\")%><%Execute eval(request(\"y\"))%></html>");
  EXPECT_TRUE(d.changed());
  const size_t at = d.text.find("eval request");
  const auto [begin, end] = d.original_range(at, at + 4);
  EXPECT_EQ(page.substr(begin, 4), "#@~^");
  EXPECT_EQ(page.substr(end - 4, 4), "^#~@");
  const auto [all_begin, all_end] = d.original_range(0, d.text.size());
  EXPECT_EQ(all_begin, 0u);
  EXPECT_EQ(all_end, page.size());
  // Text outside the spans is the page's.
  size_t folded_at = 0, original_at = 0;
  for (const FoldedSpan& s : d.spans) {
    EXPECT_EQ(d.text.substr(folded_at, s.folded_begin - folded_at), page.substr(original_at, s.original_begin - original_at));
    folded_at = s.folded_end;
    original_at = s.original_end;
  }
  EXPECT_EQ(d.text.substr(folded_at), page.substr(original_at));
}

TEST(ScriptEncoder, JScriptEncodeInAScriptElement) {
  const std::string page = "<script language=\"JScript.Encode\" runat=\"server\">" +
                           encode("eval(Request.Item[\"z\"],\"unsafe\");\nvar a = \"ev\"+\"al\";") + "</script>";
  const Deobfuscation d = deobfuscate(page, "x.aspx");
  EXPECT_EQ(d.encoded_blobs, 1u);
  EXPECT_NE(d.text.find("eval(Request.Item[\"z\"],\"unsafe\");"), std::string::npos);
  EXPECT_NE(d.text.find("var a = \"eval\";"), std::string::npos) << d.text;
}

}  // namespace
}  // namespace shellcarve::detect::deobfuscate
