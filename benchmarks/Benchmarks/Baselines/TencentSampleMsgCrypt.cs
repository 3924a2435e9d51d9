using System;
using System.Collections;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace WeChat.OfficialAccount.Benchmarks.Baselines
{
    /// <summary>
    /// Safe-mode decryption as the peers do it, after Tencent's WXBizMsgCrypt sample that Senparc ports and SKIT
    /// re-implements: the envelope is loaded into an <see cref="XmlDocument"/> (resolver off), msg_signature is the
    /// SHA-1 hex of the sorted strings, AES-256-CBC runs through a decryptor transform without padding, the 32-byte
    /// PKCS#7 padding is removed by hand, and the message comes back as a string.
    /// </summary>
    public sealed class TencentSampleMsgCrypt
    {
        private readonly string _token;
        private readonly string _encodingAesKey;
        private readonly string _appId;

        public TencentSampleMsgCrypt(string token, string encodingAesKey, string appId)
        {
            _token = token;
            _encodingAesKey = encodingAesKey;
            _appId = appId;
        }

        /// <summary>Verifies and decrypts a request body; returns the plaintext message XML.</summary>
        public string DecryptMsg(string msgSignature, string timeStamp, string nonce, string postData)
        {
            var doc = new XmlDocument { XmlResolver = null };
            doc.LoadXml(postData);
            string encrypt = doc.DocumentElement!.SelectSingleNode("Encrypt")!.InnerText;

            if (!string.Equals(GenerateSignature(_token, timeStamp, nonce, encrypt), msgSignature, StringComparison.Ordinal))
            {
                throw new CryptographicException("ValidateSignature_Error");
            }

            string message = AesDecrypt(encrypt, _encodingAesKey, out string appId);
            if (appId != _appId)
            {
                throw new CryptographicException("ValidateAppid_Error");
            }

            return message;
        }

        private static string GenerateSignature(string token, string timeStamp, string nonce, string encrypt)
        {
            var list = new ArrayList { token, timeStamp, nonce, encrypt };
            list.Sort(StringComparer.Ordinal);
            string raw = string.Concat((string)list[0]!, (string)list[1]!, (string)list[2]!, (string)list[3]!);

            byte[] hash = SHA1.HashData(Encoding.ASCII.GetBytes(raw));
            var hex = new StringBuilder(hash.Length * 2);
            foreach (byte b in hash)
            {
                hex.AppendFormat("{0:x2}", b);
            }

            return hex.ToString();
        }

        private static string AesDecrypt(string input, string encodingAesKey, out string appId)
        {
            byte[] key = Convert.FromBase64String(encodingAesKey + "=");
            byte[] iv = new byte[16];
            Array.Copy(key, iv, 16);

            byte[] plain;
            using (Aes aes = Aes.Create())
            {
                aes.KeySize = 256;
                aes.BlockSize = 128;
                aes.Mode = CipherMode.CBC;
                aes.Padding = PaddingMode.None;
                aes.Key = key;
                aes.IV = iv;
                using ICryptoTransform decryptor = aes.CreateDecryptor(aes.Key, aes.IV);
                byte[] cipher = Convert.FromBase64String(input);
                plain = Unpad(decryptor.TransformFinalBlock(cipher, 0, cipher.Length));
            }

            int length = IPAddress.NetworkToHostOrder(BitConverter.ToInt32(plain, 16));
            string message = Encoding.UTF8.GetString(plain, 20, length);
            appId = Encoding.UTF8.GetString(plain, 20 + length, plain.Length - 20 - length);
            return message;
        }

        private static byte[] Unpad(byte[] decrypted)
        {
            int pad = decrypted[^1];
            if (pad < 1 || pad > 32)
            {
                pad = 0;
            }

            byte[] result = new byte[decrypted.Length - pad];
            Array.Copy(decrypted, 0, result, 0, decrypted.Length - pad);
            return result;
        }
    }
}
