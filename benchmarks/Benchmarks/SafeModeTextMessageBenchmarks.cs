using System;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WeChat.OfficialAccount.Benchmarks.Baselines;
using WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle;
using WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle;
using WeChat.OfficialAccount.Benchmarks.Verification;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>
    /// A safe-mode (encrypted) text message end to end: check msg_signature, decrypt, parse. The request is built at
    /// setup by encrypting fixtures/msg_text.xml with the published V3 key (crypto_test_vectors.json).
    /// </summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class SafeModeTextMessageBenchmarks
    {
        private const string Category = "Safe mode: verify + decrypt + parse text";
        private const string Token = "pamtest";
        private const string EncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        private const string AppId = "wxb11529c136998cb6";
        private const string Timestamp = "1409304348";
        private const string Nonce = "xxxxxx";

        private readonly WeChatMessageCrypto _crypto = new(Token, EncodingAesKey, AppId);
        private readonly TencentSampleMsgCrypt _peerCrypto = new(Token, EncodingAesKey, AppId);
        private byte[] _body = Array.Empty<byte>();
        private string _msgSignature = string.Empty;

        [GlobalSetup]
        public void Setup()
        {
            byte[] plaintext = ReferenceData.Fixture("msg_text.xml");
            WeChatEncryptedReply encrypted = _crypto.EncryptReply(plaintext, Timestamp, Nonce, "aaaabbbbccccdddd"u8);
            _msgSignature = encrypted.MsgSignature;
            _body = Encoding.UTF8.GetBytes(
                "<xml>\n<ToUserName><![CDATA[toUser]]></ToUserName>\n<Encrypt><![CDATA[" + encrypted.Encrypt + "]]></Encrypt>\n</xml>");

            WeChatMessage ours = Ours();
            if (ours is not TextMessage)
            {
                throw new InvalidOperationException($"The decrypted message parsed as {ours.GetType().Name}, not TextMessage.");
            }

            FieldSnapshot.AssertSame("XmlSerializer", FieldSnapshot.Of(ours, includeUnknown: true), FieldSnapshot.Of(XmlSerializerSkitStyle()));
            FieldSnapshot.AssertSame("XDocument", FieldSnapshot.Of(ours, includeUnknown: false), FieldSnapshot.Of(XDocumentSenparcStyle()));
        }

        [Benchmark(Description = "Ours: VerifyAndDecryptBody + Parse")]
        [BenchmarkCategory(Category)]
        public WeChatMessage Ours() =>
            WeChatMessageParser.Parse(_crypto.VerifyAndDecryptBody(_msgSignature, Timestamp, Nonce, _body));

        [Benchmark(Baseline = true, Description = "SKIT-style: sample crypto + XmlSerializer")]
        [BenchmarkCategory(Category)]
        public TextMessageXml XmlSerializerSkitStyle() =>
            SkitXmlSerializer<TextMessageXml>.Deserialize(
                _peerCrypto.DecryptMsg(_msgSignature, Timestamp, Nonce, Encoding.UTF8.GetString(_body)));

        [Benchmark(Description = "Senparc-style: sample crypto + XDocument + reflection")]
        [BenchmarkCategory(Category)]
        public RequestMessageBase XDocumentSenparcStyle() =>
            RequestMessageFactory.GetRequestEntity(
                _peerCrypto.DecryptMsg(_msgSignature, Timestamp, Nonce, Encoding.UTF8.GetString(_body)));
    }
}
