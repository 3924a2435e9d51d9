using System.Text;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Tests.Security
{
    public sealed class WeChatEncryptedEnvelopeTests
    {
        private const string Token = "pamtest", Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", AppId = "wxb11529c136998cb6";

        [Fact]
        public void Compatible_mode_body_decrypts_and_also_parses_as_plaintext()
        {
            var crypto = new WeChatMessageCrypto(Token, Key, AppId);
            string encrypt = crypto.Encrypt(Fixtures.Bytes("msg_text.xml"));
            string compat = "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName><CreateTime>1348831860</CreateTime>"
                + $"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
            string signature = WeChatSignature.ComputeMessageSignature(Token, "1", "n", encrypt);

            byte[] decrypted = crypto.VerifyAndDecryptBody(signature, "1", "n", Encoding.UTF8.GetBytes(compat));
            var plain = Assert.IsType<TextMessage>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(compat)));

            Assert.Equal("this is a test", Assert.IsType<TextMessage>(WeChatMessageParser.Parse(decrypted)).Content);
            Assert.Equal("this is a test", plain.Content);
            Assert.Equal("Encrypt", Assert.Single(plain.UnknownElements).Name);
        }

        [Fact]
        public void Easywechat_request_fixture_reads_its_envelope()
        {
            WeChatEncryptedEnvelope envelope = WeChatEncryptedEnvelope.Read(Fixtures.Bytes("crypto_easywechat_encrypted_request.xml"));

            Assert.Equal("asdasdasd", envelope.ToUserName);
            Assert.StartsWith("rTNFcsut4LfGuAFKEUVVpwcaCOTJzOd9", envelope.Encrypt);
            byte[] xml = new WeChatMessageCrypto(Token, Key, AppId).VerifyAndDecryptBody("4f3ad57b6989f09f4eb392acce4f9e93942ed890", "1458300676", "260774613", Fixtures.Bytes("crypto_easywechat_encrypted_request.xml"));
            Assert.IsAssignableFrom<WeChatMessage>(WeChatMessageParser.Parse(xml));
        }

        [Theory]
        [InlineData("<xml><ToUserName>a</ToUserName></xml>")]
        [InlineData("<xml><Encrypt>")]
        [InlineData("<!DOCTYPE x><xml><Encrypt>abc</Encrypt></xml>")]
        [InlineData("{\"ToUserName\":\"a\"}")]
        [InlineData("{\"Encrypt\":")]
        public void Malformed_or_empty_envelopes_are_parse_xml_errors(string body)
        {
            var error = Assert.Throws<WeChatCryptoException>(() => WeChatEncryptedEnvelope.Read(Encoding.UTF8.GetBytes(body)));

            Assert.Equal(WeChatCryptoError.ParseXmlError, error.Error);
            Assert.Equal(-40002, error.Code);
        }
    }
}
