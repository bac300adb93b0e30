// The de-obfuscation pass (src/detect/deobfuscate/): one test per folding rule, per
// dialect, per limit, and garbage input. Inputs are hand-written; each names the
// construct it stands for.
#include "detect/deobfuscate/deobfuscate.h"

#include <gtest/gtest.h>

#include <string>

#include "detect/deobfuscate/tokens.h"

namespace shellcarve::detect::deobfuscate {
namespace {

std::string folded(std::string_view text, std::string_view path = "x.asp") { return deobfuscate(text, path).text; }

TEST(DeobfuscateTokens, VbScriptStringsCommentsAndHexNumbers) {
  const std::string code = R"(x = "a""b" ' c "d"
y = &H41& + 12)";
  const Tokens all = tokenize(code, Dialect::kVbScript, 100);
  const auto& tokens = all.tokens;
  ASSERT_GE(tokens.size(), 5u);
  EXPECT_EQ(tokens[4].kind, TokenKind::kString);
  EXPECT_EQ(all.text(tokens[4]), "a\"b");
  EXPECT_EQ(tokens[6].kind, TokenKind::kComment);
  bool hex = false;
  for (const Token& t : tokens) hex |= t.kind == TokenKind::kNumber && t.constant && t.number == 0x41;
  EXPECT_TRUE(hex);
  // Every byte is in exactly one token, in order.
  size_t at = 0;
  for (const Token& t : tokens) {
    EXPECT_EQ(t.begin, at);
    at = t.end;
  }
  EXPECT_EQ(at, code.size());
}

TEST(DeobfuscateTokens, CFamilyEscapesVerbatimAndInterpolatedStrings) {
  const Tokens js_all = tokenize(R"("\x65\u0076\'a\\" /* "no" */ 'l')", Dialect::kJScript, 100);
  const auto& js = js_all.tokens;
  EXPECT_EQ(js_all.text(js[0]), "ev'a\\");
  EXPECT_EQ(js[2].kind, TokenKind::kComment);
  EXPECT_EQ(js_all.text(js[4]), "l");
  const Tokens cs_all = tokenize(R"(@"a""b\" $"{x}")", Dialect::kCSharp, 100);
  const auto& cs = cs_all.tokens;
  EXPECT_EQ(cs_all.text(cs[0]), "a\"b\\");
  EXPECT_TRUE(cs[0].constant);
  EXPECT_EQ(cs[2].kind, TokenKind::kString);
  EXPECT_FALSE(cs[2].constant);
}

TEST(DeobfuscateTokens, UnterminatedStringEndsAtTheLine) {
  const auto tokens = tokenize("x = \"open\ny = 1", Dialect::kVbScript, 100).tokens;
  EXPECT_FALSE(tokens[4].constant);
  EXPECT_EQ(tokens[5].kind, TokenKind::kNewline);
}

TEST(DeobfuscateFold, ConcatenationOfSingleLetters) {
  EXPECT_EQ(folded(R"(<% x = "e"&"v"&"a"&"l" %>)"), R"(<% x = "eval" %>)");
  EXPECT_EQ(folded(R"(<%@ Language="JScript"%><% x = "e"+"v"+'a'+"l"; %>)"),
            R"(<%@ Language="JScript"%><% x = "eval"; %>)");
}

TEST(DeobfuscateFold, ChrArithmetic) {
  EXPECT_EQ(folded(R"(<% x = Chr(101)&ChrW(&H76)&Chr$(90+7)&ChrB(216/2)&Chr(200\2-(1 Mod 1)) %>)"),
            R"(<% x = "evald" %>)");
  EXPECT_EQ(folded(R"(<% x = Chr(Asc("d")+1) %>)"), R"(<% x = "e" %>)");
  // A fraction is not folded: Chr(101/2) would round at run time.
  EXPECT_EQ(folded(R"(<% x = Chr(101/2) %>)"), R"(<% x = Chr(101/2) %>)");
}

TEST(DeobfuscateFold, FromCharCodeAndCharCasts) {
  EXPECT_EQ(folded(R"(<% x = String.fromCharCode(101,118,97,108); %>)", "x.js"), R"(<% x = "eval"; %>)");
  EXPECT_EQ(folded(R"(<%@ Page Language="C#"%><% var s = (char)101 + "" + (char)(0x70+6); %>)"),
            R"(<%@ Page Language="C#"%><% var s = "ev"; %>)");
}

TEST(DeobfuscateFold, ReplaceStrReverseMidLeftRightCase) {
  EXPECT_EQ(folded(R"(<% x = Replace("e#v#a#l","#","") %>)"), R"(<% x = "eval" %>)");
  EXPECT_EQ(folded(R"(<% x = StrReverse("lave") %>)"), R"(<% x = "eval" %>)");
  EXPECT_EQ(folded(R"(<% x = Mid("abcdefghijklmnopqrstuvwxyz",5,1)&Mid("xvx",2,1)&Mid("qa",2) %>)"),
            R"(<% x = "eva" %>)");
  EXPECT_EQ(folded(R"(<% x = Left("lxx",1) & Right("xxe",1) & LCase("AB") & UCase("c") %>)"), R"(<% x = "leabC" %>)");
  EXPECT_EQ(folded(R"(<%@ Page Language="C#"%><% var s = "eXval".Replace("X", "").ToUpper(); %>)"),
            R"(<%@ Page Language="C#"%><% var s = "EVAL"; %>)");
}

TEST(DeobfuscateFold, Base64AndEncodingGetString) {
  EXPECT_EQ(folded(R"(<%@ Page Language="C#"%><% var s = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String("ZXZhbA==")); %>)"),
            R"(<%@ Page Language="C#"%><% var s = "eval"; %>)");
  // Bytes alone are not text: Convert.FromBase64String without GetString stays.
  const std::string bytes = R"(<%@ Page Language="C#"%><% var b = Convert.FromBase64String("ZXZhbA=="); %>)";
  EXPECT_EQ(folded(bytes), bytes);
  EXPECT_EQ(folded(R"(<%@ Page Language="C#"%><% var s = Encoding.Unicode.GetString(Convert.FromBase64String("ZQB2AA==")); %>)"),
            R"(<%@ Page Language="C#"%><% var s = "ev"; %>)");
}

TEST(DeobfuscateFold, NestedEvalIsUnwrapped) {
  EXPECT_EQ(folded(R"(<%@ Page Language="Jscript"%><%eval(eval("Request.Item[\"x\"]"),"unsafe");%>)"),
            R"(<%@ Page Language="Jscript"%><%eval(eval(Request.Item["x"]),"unsafe");%>)");
  EXPECT_EQ(folded(R"~(<% Execute "Execute(""ev""&""al request(1)"")" %>)~"), R"~(<% Execute Execute(eval request(1)) %>)~");
}

TEST(DeobfuscateFold, VariablesAssignedOneConstant) {
  // Mid() into an alphabet held in a variable; Execute of a variable holding code.
  EXPECT_EQ(folded(R"~(<% a = "abcdefghijklmnopqrstuvwxyz"
c = Mid(a,5,1)&Mid(a,22,1)&Mid(a,1,1)&Mid(a,12,1)
Execute c & " request(1)" %>)~"),
            R"~(<% a = "abcdefghijklmnopqrstuvwxyz"
c = "eval"
Execute eval request(1) %>)~");
  // Assigned twice, compound-assigned or a loop variable: not a constant.
  const std::string twice = R"~(<% a = "x" : a = "y" : b = "e" : b = b & "v" : For i = 1 To 3 : q = Chr(i) & "z" : Next : i = 65 %>)~";
  EXPECT_EQ(folded(twice), twice);
  const std::string js = R"~(var k = "ev"; k += "al"; for (var j = 0; j < 3; j++) {} var j = 101; x = String.fromCharCode(j) + "";)~";
  EXPECT_EQ(folded(js, "x.js"), js);
}

TEST(DeobfuscateFold, PrecedenceIsRespected) {
  const std::string kept = R"(<% x = 1 + 2 * y : w = y * 2 + 3 %>)";
  EXPECT_EQ(folded(kept), kept);
  EXPECT_EQ(folded(R"(<% z = "a" & 1 + 2 & "b" %>)"), R"(<% z = "a3b" %>)");
  EXPECT_EQ(folded(R"(<% v = y & "a" & "b" %>)"), R"(<% v = y & "ab" %>)");
  // JScript: "s" + 1 + 2 is "s12"; after a variable, 1 + 2 is not folded.
  EXPECT_EQ(folded(R"(x = "s" + 1 + 2; y = q + 1 + 2;)", "x.js"), R"(x = "s12"; y = q + 1 + 2;)");
  // A call's parentheses are not a group.
  EXPECT_EQ(folded(R"(<% Response.Write("a" & "b") %>)"), R"(<% Response.Write("ab") %>)");
}

TEST(DeobfuscateFold, RegionsAndDialects) {
  // Text outside server code is not touched; <script runat=server> is code in its language.
  EXPECT_EQ(folded(R"(<p>"a"&"b"</p><%= "c"&"d" %><script runat="server" language="C#">var q = "a" + @"b""c";</script>)"),
            R"(<p>"a"&"b"</p><%= "cd" %><script runat="server" language="C#">var q = "ab\"c";</script>)");
  // Directives and server comments are not code.
  const std::string directive = R"(<%@ Page Language="C#" Title="a"+"b" %><%-- "a"+"b" --%>)";
  EXPECT_EQ(folded(directive), directive);
  // No delimiters: the whole text is code, dialect guessed.
  EXPECT_EQ(folded(R"~(ExecuteGlobal "e"&"v"&"a"&"l request(""x"")")~", ""), R"~(ExecuteGlobal eval request("x"))~");
}

TEST(DeobfuscateFold, SpansMapBackToTheOriginalBytes) {
  const std::string text = R"(<% x = "e"&"v" : y = StrReverse("lave") %>)";
  const Deobfuscation d = deobfuscate(text, "x.asp");
  ASSERT_EQ(d.spans.size(), 2u);
  EXPECT_EQ(text.substr(d.spans[0].original_begin, d.spans[0].original_end - d.spans[0].original_begin), R"("e"&"v")");
  EXPECT_EQ(d.text.substr(d.spans[1].folded_begin, d.spans[1].folded_end - d.spans[1].folded_begin), R"("eval")");
  const size_t y = d.text.find("y =");
  EXPECT_EQ(d.original_range(y, y + 3), std::make_pair(text.find("y ="), text.find("y =") + 3));
  EXPECT_NE(folded_evidence(d, d.spans[1].folded_begin, d.spans[1].folded_end, 100).find("folded from bytes 1"),
            std::string::npos);
}

TEST(DeobfuscateLimits, StepsOutputAndDepthAreBoundedAndSaid) {
  Limits limits;
  limits.max_deobfuscate_steps = 50;
  std::string text = "<% x = \"a\"";
  for (int i = 0; i < 200; ++i) text += " & \"a\"";
  text += " %>";
  const Deobfuscation steps = deobfuscate(text, "x.asp", limits);
  ASSERT_NE(steps.limit, nullptr);
  EXPECT_STREQ(steps.limit, "max_deobfuscate_steps");

  limits = Limits{};
  limits.max_deobfuscate_output_ratio = 2;
  const std::string grow = R"(<% x = Replace("aaaaaaaa","a","bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb") %>)";
  const Deobfuscation out = deobfuscate(grow, "x.asp", limits);
  EXPECT_LE(out.text.size(), 2 * grow.size());
  ASSERT_NE(out.limit, nullptr);

  limits = Limits{};
  limits.max_deobfuscate_depth = 4;
  const Deobfuscation deep = deobfuscate(R"(<% x = ((((((("a"&"b"))))))) %>)", "x.asp", limits);
  EXPECT_TRUE(deep.depth_reached);

  limits = Limits{};
  limits.max_deobfuscate_input_bytes = 8;
  const Deobfuscation big = deobfuscate(R"(<% x = "a"&"b" %>)", "x.asp", limits);
  EXPECT_FALSE(big.changed());
  EXPECT_STREQ(big.limit, "max_deobfuscate_input_bytes");
}

TEST(DeobfuscateLimits, GarbageAndHostileInputGiveAnAnswer) {
  std::string garbage;
  for (int i = 0; i < 20000; ++i) garbage += static_cast<char>((i * 7919) % 256);
  EXPECT_EQ(deobfuscate(garbage, "").text.size(), garbage.size());
  const std::string deep(100000, '(');
  EXPECT_EQ(deobfuscate(deep, "x.asp").text, deep);
  std::string evals = "<% ";
  for (int i = 0; i < 5000; ++i) evals += "eval(";
  EXPECT_EQ(deobfuscate(evals, "x.aspx").text, evals);
  for (const char* cut : {"<% x = \"a", "<% x = Chr(", "<% x = \"a\" &", "<script runat=server>", "<%", "%>", "\"",
                          "<% Mid(\"a\", -1, 2) & Left(\"a\", -1) & ChrW(-1) & Chr(999999999999999999999) %>"})
    EXPECT_NO_THROW(deobfuscate(cut, "x.asp"));
}

}  // namespace
}  // namespace shellcarve::detect::deobfuscate
