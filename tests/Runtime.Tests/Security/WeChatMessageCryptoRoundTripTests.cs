using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Tests.Security
{
    public class WeChatMessageCryptoRoundTripTests
    {
        private const string AppId = "wxba5fad812f8e6fb9";

        private static readonly WeChatMessageCrypto Crypto = new("AAAAA", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", AppId);

        public static TheoryData<int> MessageLengths => new(Enumerable.Range(0, 101));

        [Theory]
        [MemberData(nameof(MessageLengths))]
        public void Random_message_round_trips_and_is_padded_to_a_32_byte_block(int length)
        {
            byte[] message = RandomNumberGenerator.GetBytes(length);

            string encrypt = Crypto.Encrypt(message);

            int unpadded = 16 + 4 + length + AppId.Length;
            int expectedLength = ((unpadded / 32) + 1) * 32; // k in 1..32: an aligned buffer gets a whole block
            Assert.Equal(expectedLength, Convert.FromBase64String(encrypt).Length);
            Assert.Equal(message, Crypto.Decrypt(encrypt));
        }

        [Fact]
        public void Aligned_message_gets_a_full_32_byte_pad_block()
        {
            // 16 + 4 + 26 + 18 = 64: already aligned, so k = 32.
            byte[] message = RandomNumberGenerator.GetBytes(26);

            string encrypt = Crypto.Encrypt(message);

            Assert.Equal(96, Convert.FromBase64String(encrypt).Length);
            Assert.Equal(message, Crypto.Decrypt(encrypt));
        }

        [Fact]
        public void Encrypt_without_a_random_prefix_draws_a_fresh_one_each_time()
        {
            byte[] message = Encoding.UTF8.GetBytes("<xml><Content>hi</Content></xml>");

            Assert.NotEqual(Crypto.Encrypt(message), Crypto.Encrypt(message));

            // Past several refills of the per-thread random buffer, every prefix is still fresh.
            string[] many = Enumerable.Range(0, 1_000).Select(_ => Crypto.Encrypt(message)).ToArray();
            Assert.Equal(many.Length, many.Distinct().Count());
        }

        [Theory]
        [InlineData(1)]
        [InlineData(15)]
        [InlineData(17)]
        public void Random_prefix_of_the_wrong_length_is_rejected(int length)
        {
            Assert.Throws<ArgumentException>(() => Crypto.Encrypt([1, 2, 3], new byte[length]));
        }

        [Fact]
        public void One_instance_is_safe_to_share_across_threads()
        {
            Parallel.For(0, 2_000, i =>
            {
                byte[] message = RandomNumberGenerator.GetBytes(i % 300);
                Assert.Equal(message, Crypto.Decrypt(Crypto.Encrypt(message)));
            });
        }

        [Fact]
        public void A_rejected_ciphertext_leaves_the_instance_and_other_keys_on_the_thread_working()
        {
            var other = new WeChatMessageCrypto("token", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", "wxother");
            byte[] message = Encoding.UTF8.GetBytes("<xml>after a failure</xml>");
            string garbage = Convert.ToBase64String(new byte[64]);

            Assert.Throws<WeChatCryptoException>(() => Crypto.Decrypt(garbage));
            string mine = Crypto.Encrypt(message);
            string theirs = other.Encrypt(message);

            Assert.Equal(message, Crypto.Decrypt(mine));
            Assert.Equal(message, other.Decrypt(theirs));
            Assert.Throws<WeChatCryptoException>(() => other.Decrypt(mine));
            Assert.Equal(message, Crypto.Decrypt(mine));
        }

        [Fact]
        public void Reply_round_trips_through_its_own_signature_check()
        {
            byte[] reply = Encoding.UTF8.GetBytes("<xml><MsgType><![CDATA[text]]></MsgType></xml>");

            WeChatEncryptedReply envelope = Crypto.EncryptReply(reply, "1713424427", "415670741");

            Assert.Equal(reply, Crypto.VerifyAndDecrypt(envelope.MsgSignature, envelope.TimeStamp, envelope.Nonce, envelope.Encrypt));
        }
    }
}
