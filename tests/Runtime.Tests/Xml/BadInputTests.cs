using System;
using System.Linq;
using System.Text;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount.Tests.Xml
{
    public sealed class BadInputTests
    {
        private const string Header = "<ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>";

        private static WeChatXmlException Rejects(string xml, WeChatXmlReaderOptions? options = null) =>
            Rejects(Encoding.UTF8.GetBytes(xml), options);

        private static WeChatXmlException Rejects(byte[] bytes, WeChatXmlReaderOptions? options = null)
        {
            var error = Assert.Throws<WeChatXmlException>(() => WeChatMessageParser.Parse(bytes, options));
            Assert.Null(error.InnerException);
            return error;
        }

        private static TextMessage Accepts(string xml) =>
            Assert.IsType<TextMessage>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(xml)));

        [Fact]
        public void Accepts_declaration_bom_comments_entities_character_references_and_whitespace()
        {
            string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- pushed -->\n<xml>\n  <ToUserName> <![CDATA[gh_1]]> </ToUserName>\n"
                + "<FromUserName>o&amp;1</FromUserName><CreateTime><![CDATA[ 12 ]]></CreateTime><!-- c --><MsgType>text</MsgType>"
                + "<Content>&lt;a&gt; &quot;q&quot; &apos;s&apos; &#x4F60;&#22909;</Content><MsgId>7</MsgId></xml>\n<!-- trailing -->\n";
            byte[] bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(xml)).ToArray();

            var text = Assert.IsType<TextMessage>(WeChatMessageParser.Parse(bytes));

            Assert.Equal("gh_1", text.ToUserName);
            Assert.Equal("o&1", text.FromUserName);
            Assert.Equal(12, text.CreateTime);
            Assert.Equal("<a> \"q\" 's' 你好", text.Content);
        }

        [Fact]
        public void Plain_text_and_cdata_work_in_any_field()
        {
            TextMessage text = Accepts("<xml>" + Header + "<Content><![CDATA[x]]></Content><MsgId><![CDATA[9]]></MsgId></xml>");

            Assert.Equal(9, text.MsgId);
        }

        [Fact]
        public void Rejects_doctype_to_stop_xxe()
        {
            var error = Rejects("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml>" + Header + "<Content>&xxe;</Content></xml>");

            Assert.Contains("DTD", error.Reason);
            Assert.Equal(21, error.Offset);
        }

        [Fact]
        public void Rejects_mismatched_tags_with_the_offset_of_the_end_tag()
        {
            string xml = "<xml>" + Header + "<Content>x</Contnet></xml>";

            var error = Rejects(xml);

            Assert.Equal(xml.IndexOf("</Contnet>", StringComparison.Ordinal), error.Offset);
            Assert.Contains("does not match", error.Reason);
        }

        [Fact]
        public void Rejects_unclosed_elements()
        {
            Assert.Contains("not closed", Rejects("<xml>" + Header + "<Content>x</Content>").Reason);
        }

        [Fact]
        public void Rejects_invalid_utf8_at_its_offset()
        {
            byte[] bytes = Encoding.UTF8.GetBytes("<xml>" + Header + "<Content>ab</Content></xml>");
            int at = Array.IndexOf(bytes, (byte)'b');
            bytes[at] = 0xC3; // a lead byte followed by '<' is not UTF-8

            var error = Rejects(bytes);

            Assert.Equal(at, error.Offset);
            Assert.Contains("UTF-8", error.Reason);
        }

        [Fact]
        public void Rejects_nesting_deeper_than_eight()
        {
            string deep = "<xml><A><B><C><D><E><F><G><H>x</H></G></F></E></D></C></B></A></xml>";

            Assert.Contains("deeper than 8", Rejects(deep).Reason);
            Assert.IsType<UnknownMessage>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes("<xml><A><B><C><D><E><F><G>x</G></F></E></D></C></B></A></xml>")));
        }

        [Fact]
        public void Rejects_bodies_over_the_limit_and_the_limit_is_configurable()
        {
            string body = "<xml>" + Header + "<Content>" + new string('x', 2000) + "</Content></xml>";

            Assert.Contains("limit", Rejects(body, new WeChatXmlReaderOptions { MaxBytes = 1024 }).Reason);
            Assert.Contains("limit", Rejects(new byte[(1024 * 1024) + 1]).Reason);
            Assert.IsType<TextMessage>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(body), new WeChatXmlReaderOptions { MaxBytes = 4096 }));
        }

        [Fact]
        public void Rejects_a_non_numeric_value_in_a_numeric_field_naming_the_field()
        {
            var error = Rejects("<xml>" + Header + "<Content>x</Content><MsgId>12a</MsgId></xml>");

            Assert.Contains("<MsgId>", error.Reason);
            Assert.Contains("12a", error.Reason);
        }

        [Theory]
        [InlineData("<xml>&foo;</xml>", "undefined entity")]
        [InlineData("<xml>&#0;</xml>", "character reference")]
        [InlineData("<xml>\u0001</xml>", "control character")]
        [InlineData("<xml>a]]>b</xml>", "']]>'")]
        [InlineData("<xml><!-- a -- b --></xml>", "'--'")]
        [InlineData("<xml><?pi x?></xml>", "processing instructions")]
        [InlineData("<xml><a:b>1</a:b></xml>", "namespace")]
        [InlineData("<xml a=\"1\" a=\"2\"></xml>", "duplicate attribute")]
        [InlineData("<xml></xml><xml></xml>", "more than one root")]
        [InlineData("text<xml></xml>", "before the root")]
        [InlineData("<?xml version=\"1.0\" encoding=\"GBK\"?><xml></xml>", "UTF-8")]
        [InlineData("", "no root")]
        [InlineData("<root></root>", "must be <xml>")]
        public void Rejects_malformed_documents(string xml, string reason)
        {
            Assert.Contains(reason, Rejects(xml).Reason);
        }

        [Fact]
        public void Rejects_a_repeated_single_valued_element()
        {
            Assert.Contains("duplicate element", Rejects("<xml>" + Header + "<Content>a</Content><Content>b</Content></xml>").Reason);
        }

        [Fact]
        public void Empty_optional_number_reads_as_absent()
        {
            TextMessage text = Accepts("<xml>" + Header + "<Content>a</Content><MsgId>1</MsgId><Idx></Idx></xml>");

            Assert.Null(text.Idx);
        }
    }
}
