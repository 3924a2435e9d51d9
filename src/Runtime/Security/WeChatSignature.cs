using System;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace WeChat.OfficialAccount.Security
{
    /// <summary>
    /// The SHA-1 signatures WeChat puts in the query string of every push: <c>signature</c> over
    /// (token, timestamp, nonce) for URL verification and plaintext mode, and <c>msg_signature</c> over
    /// (token, timestamp, nonce, Encrypt) for safe mode.
    /// </summary>
    /// <remarks>
    /// The values are sorted with ordinal (UTF-16 code unit) order and concatenated without separators,
    /// then hashed as UTF-8. All four values are ASCII in practice (tokens are letters and digits,
    /// timestamp and nonce are digits, Encrypt is base64), where ordinal order equals the byte order the
    /// official samples use; the two orders could differ only for characters outside the BMP.
    /// </remarks>
    public static class WeChatSignature
    {
        /// <summary>Length in characters of a signature: a SHA-1 digest in hex.</summary>
        public const int Length = 2 * Sha1Length;

        private const int Sha1Length = 20;

        // Typical inputs (token + 10-digit timestamp + nonce) are well under this; only msg_signature
        // over a large Encrypt value falls back to a pooled buffer.
        private const int StackLimit = 256;

        /// <summary>
        /// Computes the URL/plaintext-mode <c>signature</c>: lowercase hex SHA-1 of the ordinal-sorted
        /// concatenation of <paramref name="token"/>, <paramref name="timestamp"/> and <paramref name="nonce"/>.
        /// </summary>
        /// <param name="token">The Token configured on the WeChat platform.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter, verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter, verbatim.</param>
        /// <returns>40 lowercase hex characters.</returns>
        /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
        public static string Compute(string token, string timestamp, string nonce)
        {
            Span<byte> digest = stackalloc byte[Sha1Length];
            Hash(token, timestamp, nonce, null, digest);
            return HexDigits.ToLowerHex(digest);
        }

        /// <summary>
        /// Computes the safe-mode <c>msg_signature</c>: lowercase hex SHA-1 of the ordinal-sorted
        /// concatenation of <paramref name="token"/>, <paramref name="timestamp"/>, <paramref name="nonce"/>
        /// and <paramref name="encrypt"/>.
        /// </summary>
        /// <param name="token">The Token configured on the WeChat platform.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter (or reply <c>TimeStamp</c>), verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter (or reply <c>Nonce</c>), verbatim.</param>
        /// <param name="encrypt">The text of the <c>Encrypt</c> element, verbatim.</param>
        /// <returns>40 lowercase hex characters.</returns>
        /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
        public static string ComputeMessageSignature(string token, string timestamp, string nonce, string encrypt)
        {
            ArgumentNullException.ThrowIfNull(encrypt);
            Span<byte> digest = stackalloc byte[Sha1Length];
            Hash(token, timestamp, nonce, encrypt, digest);
            return HexDigits.ToLowerHex(digest);
        }

        /// <summary>
        /// Checks a <c>signature</c> query parameter in constant time. Hex of either case is accepted.
        /// </summary>
        /// <param name="signature">The received <c>signature</c>; <see langword="null"/> (parameter missing) fails.</param>
        /// <param name="token">The Token configured on the WeChat platform.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter, verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter, verbatim.</param>
        /// <returns><see langword="true"/> when the signature matches.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="token"/>, <paramref name="timestamp"/> or <paramref name="nonce"/> is <see langword="null"/>.</exception>
        public static bool Verify(string? signature, string token, string timestamp, string nonce)
        {
            Span<byte> expected = stackalloc byte[Sha1Length];
            Hash(token, timestamp, nonce, null, expected);
            return MatchesDigest(signature, expected);
        }

        /// <summary>
        /// Checks a safe-mode <c>msg_signature</c> in constant time. Hex of either case is accepted.
        /// </summary>
        /// <param name="msgSignature">The received <c>msg_signature</c>; <see langword="null"/> (parameter missing) fails.</param>
        /// <param name="token">The Token configured on the WeChat platform.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter, verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter, verbatim.</param>
        /// <param name="encrypt">The text of the <c>Encrypt</c> element, verbatim.</param>
        /// <returns><see langword="true"/> when the signature matches.</returns>
        /// <exception cref="ArgumentNullException">An argument other than <paramref name="msgSignature"/> is <see langword="null"/>.</exception>
        public static bool VerifyMessageSignature(string? msgSignature, string token, string timestamp, string nonce, string encrypt)
        {
            ArgumentNullException.ThrowIfNull(encrypt);
            Span<byte> expected = stackalloc byte[Sha1Length];
            Hash(token, timestamp, nonce, encrypt, expected);
            return MatchesDigest(msgSignature, expected);
        }

        private static bool MatchesDigest(string? candidateHex, ReadOnlySpan<byte> expected)
        {
            Span<byte> candidate = stackalloc byte[Sha1Length];
            if (candidateHex is null || !HexDigits.TryParse(candidateHex, candidate))
            {
                return false;
            }

            // Compare digests, not hex strings, so case does not matter and timing reveals no prefix.
            return CryptographicOperations.FixedTimeEquals(candidate, expected);
        }

        private static void Hash(string token, string timestamp, string nonce, string? encrypt, Span<byte> digest)
        {
            ArgumentNullException.ThrowIfNull(token);
            ArgumentNullException.ThrowIfNull(timestamp);
            ArgumentNullException.ThrowIfNull(nonce);

            // Sorting networks over locals: no array for three or four strings.
            string a = token, b = timestamp, c = nonce;
            if (encrypt is null)
            {
                OrderPair(ref a, ref b);
                OrderPair(ref b, ref c);
                OrderPair(ref a, ref b);
                HashConcatenation(a, b, c, string.Empty, digest);
            }
            else
            {
                string d = encrypt;
                OrderPair(ref a, ref b);
                OrderPair(ref c, ref d);
                OrderPair(ref a, ref c);
                OrderPair(ref b, ref d);
                OrderPair(ref b, ref c);
                HashConcatenation(a, b, c, d, digest);
            }
        }

        private static void OrderPair(ref string first, ref string second)
        {
            if (string.CompareOrdinal(first, second) > 0)
            {
                (first, second) = (second, first);
            }
        }

        private static void HashConcatenation(string a, string b, string c, string d, Span<byte> digest)
        {
            Encoding utf8 = Encoding.UTF8;
            int length = utf8.GetByteCount(a) + utf8.GetByteCount(b) + utf8.GetByteCount(c) + utf8.GetByteCount(d);

            byte[]? rented = null;
            Span<byte> buffer = length <= StackLimit
                ? stackalloc byte[StackLimit]
                : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                int written = utf8.GetBytes(a, buffer);
                written += utf8.GetBytes(b, buffer[written..]);
                written += utf8.GetBytes(c, buffer[written..]);
                written += utf8.GetBytes(d, buffer[written..]);
                SHA1.HashData(buffer[..written], digest);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }
}
