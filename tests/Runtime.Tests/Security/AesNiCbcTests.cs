using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Tests.Security
{
    /// <summary>
    /// The in-process AES-256-CBC against NIST's published CBC vectors and, on random keys, IVs and lengths, against the
    /// platform library it stands in for; and the message crypto giving the same bytes whichever of the two runs.
    /// </summary>
    public class AesNiCbcTests
    {
        // NIST SP 800-38A, F.2.5/F.2.6 CBC-AES256.
        private const string NistKey = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
        private const string NistIv = "000102030405060708090a0b0c0d0e0f";
        private const string NistPlain = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
        private const string NistCipher = "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b";

        [Fact]
        public void Matches_the_NIST_CBC_AES256_vectors()
        {
            if (!HasAesNi())
            {
                return;
            }

            var aes = new AesNiCbc(Convert.FromHexString(NistKey));
            byte[] output = new byte[NistPlain.Length / 2];

            aes.Encrypt(Convert.FromHexString(NistIv), Convert.FromHexString(NistPlain), output);
            Assert.Equal(NistCipher, Convert.ToHexStringLower(output));

            aes.Decrypt(Convert.FromHexString(NistIv), Convert.FromHexString(NistCipher), output);
            Assert.Equal(NistPlain, Convert.ToHexStringLower(output));

            // The vectors hold for the platform library too: they are the yardstick, not a copy of this code's output.
            using Aes platform = Aes.Create();
            platform.Key = Convert.FromHexString(NistKey);
            Assert.Equal(NistCipher, Convert.ToHexStringLower(platform.EncryptCbc(Convert.FromHexString(NistPlain), Convert.FromHexString(NistIv), PaddingMode.None)));
        }

        [Fact]
        public void Matches_the_platform_library_on_random_keys_ivs_and_lengths_in_place_or_not()
        {
            if (!HasAesNi())
            {
                return;
            }

            var random = new Random(20261202);
            using Aes platform = Aes.Create();
            for (int round = 0; round < 300; round++)
            {
                byte[] key = new byte[32], iv = new byte[16], plain = new byte[16 * random.Next(0, 41)];
                random.NextBytes(key);
                random.NextBytes(iv);
                random.NextBytes(plain);
                platform.Key = key;
                var aes = new AesNiCbc(key);

                byte[] expected = platform.EncryptCbc(plain, iv, PaddingMode.None);
                byte[] cipher = new byte[plain.Length];
                aes.Encrypt(iv, plain, cipher);
                Assert.Equal(expected, cipher);

                byte[] decrypted = new byte[cipher.Length];
                aes.Decrypt(iv, cipher, decrypted);
                Assert.Equal(plain, decrypted);
                Assert.Equal(plain, platform.DecryptCbc(cipher, iv, PaddingMode.None));

                byte[] inPlace = (byte[])plain.Clone();
                aes.Encrypt(iv, inPlace, inPlace);
                Assert.Equal(expected, inPlace);
                aes.Decrypt(iv, inPlace, inPlace);
                Assert.Equal(plain, inPlace);
            }
        }

        [Fact]
        public void Refuses_a_wrong_key_iv_partial_block_or_short_output()
        {
            if (!HasAesNi())
            {
                return;
            }

            Assert.Throws<ArgumentException>(() => new AesNiCbc(new byte[16]));
            var aes = new AesNiCbc(new byte[32]);
            Assert.Throws<ArgumentException>(() => aes.Encrypt(new byte[15], new byte[16], new byte[16]));
            Assert.Throws<ArgumentException>(() => aes.Decrypt(new byte[16], new byte[17], new byte[32]));
            Assert.Throws<ArgumentException>(() => aes.Decrypt(new byte[16], new byte[32], new byte[16]));
        }

        [Fact]
        public void The_message_crypto_gives_the_same_bytes_with_the_platform_library_switch()
        {
            JsonElement v = CryptoReference.Vectors.First(vector => vector.GetProperty("kind").GetString() == "msg_signature+decrypt");
            var inProcess = new WeChatMessageCrypto(v.Input("token"), v.Input("encoding_aes_key"), v.Input("appid_or_receiveid"));
            WeChatMessageCrypto onPlatform;
            AppContext.SetSwitch(WeChatMessageCrypto.UsePlatformAesSwitch, true);
            try
            {
                onPlatform = new WeChatMessageCrypto(v.Input("token"), v.Input("encoding_aes_key"), v.Input("appid_or_receiveid"));
            }
            finally
            {
                AppContext.SetSwitch(WeChatMessageCrypto.UsePlatformAesSwitch, false);
            }

            byte[] random16 = Convert.FromHexString("00112233445566778899aabbccddeeff");
            foreach (string text in new[] { "", "<xml><Content><![CDATA[你好]]></Content></xml>", new string('x', 1000) })
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(text);
                string encrypted = inProcess.Encrypt(utf8, random16);
                Assert.Equal(onPlatform.Encrypt(utf8, random16), encrypted);
                Assert.Equal(utf8, onPlatform.Decrypt(encrypted));
                Assert.Equal(utf8, inProcess.Decrypt(onPlatform.Encrypt(utf8)));
            }

            // The published vector decrypts the same way on both.
            Assert.Equal(onPlatform.Decrypt(v.Input("encrypt")), inProcess.Decrypt(v.Input("encrypt")));
        }

        /// <summary>Only processors without AES instructions (not x86) skip the cipher's own tests; the message crypto runs on the platform library there.</summary>
        private static bool HasAesNi()
        {
            // x86 CI machines have AES-NI: there these tests must not pass by having nothing to run.
            if (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86)
            {
                Assert.True(AesNiCbc.IsSupported);
            }

            return AesNiCbc.IsSupported;
        }
    }
}
