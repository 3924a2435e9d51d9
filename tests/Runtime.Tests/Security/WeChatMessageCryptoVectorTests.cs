using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Tests.Security
{
    public class WeChatMessageCryptoVectorTests
    {
        public static TheoryData<string> DecryptVectors => CryptoReference.IdsOfKind("msg_signature+decrypt");

        public static TheoryData<string> EncryptVectors => CryptoReference.IdsOfKind("encrypt(deterministic random)");

        public static TheoryData<string> SignedEncryptVectors
        {
            get
            {
                var data = new TheoryData<string>();
                foreach (string id in EncryptVectors)
                {
                    if (CryptoReference.Vector(id).HasExpected("msg_signature"))
                    {
                        data.Add(id);
                    }
                }

                return data;
            }
        }

        [Theory]
        [MemberData(nameof(DecryptVectors))]
        public void VerifyAndDecrypt_returns_the_published_plaintext(string id)
        {
            JsonElement v = CryptoReference.Vector(id);
            var crypto = new WeChatMessageCrypto(v.Input("token"), v.Input("encoding_aes_key"), v.Input("appid_or_receiveid"));

            byte[] plaintext = crypto.VerifyAndDecrypt(v.Expected("msg_signature"), v.Input("timestamp"), v.Input("nonce"), v.Input("encrypt"));

            Assert.Equal(v.GetProperty("derived_plaintext").GetString(), Encoding.UTF8.GetString(plaintext));
        }

        [Theory]
        [MemberData(nameof(EncryptVectors))]
        public void Encrypt_with_the_published_random_prefix_gives_the_published_ciphertext(string id)
        {
            JsonElement v = CryptoReference.Vector(id);
            var crypto = new WeChatMessageCrypto(v.Input("token"), v.Input("encoding_aes_key"), v.Input("appid_or_receiveid"));
            byte[] plaintext = Encoding.UTF8.GetBytes(v.Input("plaintext"));

            string encrypt = crypto.Encrypt(plaintext, Encoding.ASCII.GetBytes(v.Input("random16")));

            Assert.Equal(v.Expected("encrypt"), encrypt);
            Assert.Equal(plaintext, crypto.Decrypt(encrypt));
        }

        [Theory]
        [MemberData(nameof(SignedEncryptVectors))]
        public void EncryptReply_gives_the_published_ciphertext_signature_and_envelope(string id)
        {
            JsonElement v = CryptoReference.Vector(id);
            var crypto = new WeChatMessageCrypto(v.Input("token"), v.Input("encoding_aes_key"), v.Input("appid_or_receiveid"));

            WeChatEncryptedReply reply = crypto.EncryptReply(
                Encoding.UTF8.GetBytes(v.Input("plaintext")), v.Input("timestamp"), v.Input("nonce"), Encoding.ASCII.GetBytes(v.Input("random16")));

            Assert.Equal(v.Expected("encrypt"), reply.Encrypt);
            Assert.Equal(v.Expected("msg_signature"), reply.MsgSignature);
            Assert.Equal(v.Input("timestamp"), reply.TimeStamp);
            Assert.Equal(v.Input("nonce"), reply.Nonce);
            Assert.Equal(
                $"<xml>\n<Encrypt><![CDATA[{v.Expected("encrypt")}]]></Encrypt>\n<MsgSignature><![CDATA[{v.Expected("msg_signature")}]]></MsgSignature>\n<TimeStamp>{v.Input("timestamp")}</TimeStamp>\n<Nonce><![CDATA[{v.Input("nonce")}]]></Nonce>\n</xml>",
                reply.ToXml());
        }

        [Theory]
        [MemberData(nameof(DecryptVectors))]
        public void Published_decrypt_vector_has_the_derived_layout_with_32_byte_padding(string id)
        {
            // Decrypt by hand with the library cipher to confirm the layout the implementation relies on.
            JsonElement v = CryptoReference.Vector(id);
            byte[] key = EncodingAesKey.Decode(v.Input("encoding_aes_key"));
            using var aes = Aes.Create();
            aes.Key = key;
            byte[] padded = aes.DecryptCbc(Convert.FromBase64String(v.Input("encrypt")), key.AsSpan(0, 16), PaddingMode.None);

            int pad = padded[^1];
            Assert.Equal(v.GetProperty("derived_padded_len").GetInt32(), padded.Length);
            Assert.Equal(v.GetProperty("derived_pkcs7_pad").GetInt32(), pad);
            Assert.True(pad > 16, "this vector needs a pad that a 16-byte PKCS#7 unpadder would reject");
            Assert.Equal(v.GetProperty("derived_random16").GetString(), Encoding.ASCII.GetString(padded, 0, 16));
            Assert.EndsWith(v.GetProperty("derived_appid_tail").GetString()!, Encoding.UTF8.GetString(padded, 0, padded.Length - pad), StringComparison.Ordinal);
        }

        [Fact]
        public void EasyWeChat_request_fixture_verifies_and_decrypts_to_xml()
        {
            string fixture = CryptoReference.ReadFixture("crypto_easywechat_encrypted_request.xml");
            string header = fixture[..fixture.IndexOf('\n', StringComparison.Ordinal)];
            string Setting(string name) => Regex.Match(header, $@"\b{name}=(\S+)").Groups[1].Value;

            string encrypt;
            using (XmlReader reader = XmlReader.Create(new StringReader(fixture)))
            {
                reader.ReadToFollowing("Encrypt");
                encrypt = reader.ReadElementContentAsString();
            }

            var crypto = new WeChatMessageCrypto(Setting("token"), Setting("EncodingAESKey"), Setting("appId"));
            byte[] plaintext = crypto.VerifyAndDecrypt(Setting("msg_signature"), Setting("timestamp"), Setting("nonce"), encrypt);

            var document = new XmlDocument();
            document.LoadXml(Encoding.UTF8.GetString(plaintext));
            Assert.Equal("xml", document.DocumentElement!.Name);
            Assert.NotEmpty(document.DocumentElement.ChildNodes);
        }
    }
}
