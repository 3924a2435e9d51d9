using System.Text;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Tests
{
    /// <summary>The README's example, run end to end on a safe-mode request built from a real payload.</summary>
    public sealed class ReadmeExampleTests
    {
        [Fact]
        public void Readme_example_verifies_decrypts_parses_and_replies_encrypted()
        {
            const string token = "pamtest", encodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appId = "wxb11529c136998cb6";
            const string timestamp = "1409304348", nonce = "xxxxxx";
            var crypto = new WeChatMessageCrypto(token, encodingAesKey, appId);
            string encrypt = crypto.Encrypt(Fixtures.Bytes("msg_text.xml"));
            byte[] body = Encoding.UTF8.GetBytes($"<xml><ToUserName><![CDATA[toUser]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>");
            string msgSignature = WeChatSignature.ComputeMessageSignature(token, timestamp, nonce, encrypt);
            string signature = WeChatSignature.Compute(token, timestamp, nonce);

            bool genuine = WeChatSignature.Verify(signature, token, timestamp, nonce);
            byte[] xml = crypto.VerifyAndDecryptBody(msgSignature, timestamp, nonce, body);
            WeChatMessage message = WeChatMessageParser.Parse(xml);
            var text = Assert.IsType<TextMessage>(message);
            var reply = new TextReply { Content = $"You said: {text.Content}" };
            reply.AddressTo(text);
            string replyXml = crypto.EncryptReply(Encoding.UTF8.GetBytes(reply.ToXml()), timestamp, nonce).ToXml();

            Assert.True(genuine);
            WeChatEncryptedEnvelope envelope = WeChatEncryptedEnvelope.Read(Encoding.UTF8.GetBytes(replyXml));
            var echoed = Assert.IsType<TextReply>(WeChatMessageParser.ParseReply(crypto.Decrypt(envelope.Encrypt)));
            Assert.Equal("You said: this is a test", echoed.Content);
            Assert.Equal("fromUser", echoed.ToUserName);
        }
    }
}
