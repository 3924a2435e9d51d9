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
    /// The values are encoded as UTF-8, sorted by their bytes (code point order) and concatenated without
    /// separators, then hashed. All four values are ASCII in practice (tokens are letters and digits, timestamp
    /// and nonce are digits, Encrypt is base64), where this order is the ordinal order every official sample
    /// uses. The span overloads take the values straight from a query string and a request body without
    /// allocating.
    /// </remarks>
    public static class WeChatSignature
    {
        /// <summary>Length in characters of a signature: a SHA-1 digest in hex.</summary>
        public const int Length = 2 * Sha1Length;

        private const int Sha1Length = 20;

        // Typical inputs (token + 10-digit timestamp + nonce, or those and a WeChat-sized Encrypt) fit on the stack;
        // larger ones use a pooled buffer.
        private const int StackLimit = 256;

        [ThreadStatic]
        private static IncrementalHash? t_sha1;

        /// <summary>
        /// Computes the URL/plaintext-mode <c>signature</c>: lowercase hex SHA-1 of the sorted concatenation of
        /// <paramref name="token"/>, <paramref name="timestamp"/> and <paramref name="nonce"/>.
        /// </summary>
        /// <param name="token">The Token configured on the WeChat platform.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter, verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter, verbatim.</param>
        /// <returns>40 lowercase hex characters.</returns>
        /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
        public static string Compute(string token, string timestamp, string nonce)
        {
            ArgumentNullException.ThrowIfNull(token);
            ArgumentNullException.ThrowIfNull(timestamp);
            ArgumentNullException.ThrowIfNull(nonce);
            Span<byte> digest = stackalloc byte[Sha1Length];
            Hash(token, timestamp, nonce, default, digest);
            return HexDigits.ToLowerHex(digest);
        }

        /// <summary>
        /// Computes the safe-mode <c>msg_signature</c>: lowercase hex SHA-1 of the sorted concatenation of
        /// <paramref name="token"/>, <paramref name="timestamp"/>, <paramref name="nonce"/> and <paramref name="encrypt"/>.
        /// </summary>
        /// <param name="token">The Token configured on the WeChat platform.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter (or reply <c>TimeStamp</c>), verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter (or reply <c>Nonce</c>), verbatim.</param>
        /// <param name="encrypt">The text of the <c>Encrypt</c> element, verbatim.</param>
        /// <returns>40 lowercase hex characters.</returns>
        /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
        public static string ComputeMessageSignature(string token, string timestamp, string nonce, string encrypt)
        {
            ArgumentNullException.ThrowIfNull(token);
            ArgumentNullException.ThrowIfNull(timestamp);
            ArgumentNullException.ThrowIfNull(nonce);
            ArgumentNullException.ThrowIfNull(encrypt);
            Span<byte> digest = stackalloc byte[Sha1Length];
            HashWithEncryptChars(token, timestamp, nonce, encrypt, digest);
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
            ArgumentNullException.ThrowIfNull(token);
            ArgumentNullException.ThrowIfNull(timestamp);
            ArgumentNullException.ThrowIfNull(nonce);
            return signature is not null && Verify(signature.AsSpan(), token, timestamp.AsSpan(), nonce.AsSpan());
        }

        /// <summary>
        /// Checks a <c>signature</c> in constant time, reading the values where they are (e.g. slices of the raw query
        /// string) without allocating. Hex of either case is accepted; an empty signature fails.
        /// </summary>
        /// <param name="signature">The received <c>signature</c>.</param>
        /// <param name="token">The Token configured on the WeChat platform.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter, verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter, verbatim.</param>
        /// <returns><see langword="true"/> when the signature matches.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
        public static bool Verify(ReadOnlySpan<char> signature, string token, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> nonce)
        {
            ArgumentNullException.ThrowIfNull(token);
            Span<byte> expected = stackalloc byte[Sha1Length];
            Hash(token, timestamp, nonce, default, expected);
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
            ArgumentNullException.ThrowIfNull(token);
            ArgumentNullException.ThrowIfNull(timestamp);
            ArgumentNullException.ThrowIfNull(nonce);
            ArgumentNullException.ThrowIfNull(encrypt);
            Span<byte> expected = stackalloc byte[Sha1Length];
            HashWithEncryptChars(token, timestamp, nonce, encrypt, expected);
            return msgSignature is not null && MatchesDigest(msgSignature, expected);
        }

        /// <summary>
        /// Checks a safe-mode <c>msg_signature</c> in constant time against the <c>Encrypt</c> value as UTF-8 bytes (as
        /// it stands in the request body), without allocating. Hex of either case is accepted; an empty signature fails.
        /// </summary>
        /// <param name="msgSignature">The received <c>msg_signature</c>.</param>
        /// <param name="token">The Token configured on the WeChat platform.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter, verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter, verbatim.</param>
        /// <param name="encryptUtf8">The text of the <c>Encrypt</c> element, UTF-8 encoded.</param>
        /// <returns><see langword="true"/> when the signature matches.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
        public static bool VerifyMessageSignature(ReadOnlySpan<char> msgSignature, string token, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> nonce, ReadOnlySpan<byte> encryptUtf8)
        {
            ArgumentNullException.ThrowIfNull(token);
            Span<byte> expected = stackalloc byte[Sha1Length];
            Hash(token, timestamp, nonce, encryptUtf8, expected);
            return MatchesDigest(msgSignature, expected);
        }

        /// <summary>Writes the lowercase hex <c>msg_signature</c> over UTF-8 <paramref name="encryptUtf8"/> into 40 bytes.</summary>
        internal static void WriteMessageSignature(string token, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> nonce, ReadOnlySpan<byte> encryptUtf8, Span<byte> hexUtf8)
        {
            Span<byte> digest = stackalloc byte[Sha1Length];
            Hash(token, timestamp, nonce, encryptUtf8, digest);
            HexDigits.WriteLowerHex(digest, hexUtf8);
        }

        private static bool MatchesDigest(ReadOnlySpan<char> candidateHex, ReadOnlySpan<byte> expected)
        {
            Span<byte> candidate = stackalloc byte[Sha1Length];
            if (!HexDigits.TryParse(candidateHex, candidate))
            {
                return false;
            }

            // Compare digests, not hex strings, so case does not matter and timing reveals no prefix.
            return CryptographicOperations.FixedTimeEquals(candidate, expected);
        }

        private static void HashWithEncryptChars(string token, string timestamp, string nonce, string encrypt, Span<byte> digest)
        {
            int length = Encoding.UTF8.GetByteCount(encrypt);
            byte[]? rented = null;
            Span<byte> encryptUtf8 = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                int written = Encoding.UTF8.GetBytes(encrypt, encryptUtf8);
                Hash(token, timestamp, nonce, encryptUtf8[..written], digest);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        /// <summary>
        /// SHA-1 over the sorted concatenation of the values as UTF-8. The URL signature passes an empty
        /// <paramref name="encryptUtf8"/>: the empty value sorts first and adds nothing, so one path serves both.
        /// </summary>
        private static void Hash(string token, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> nonce, ReadOnlySpan<byte> encryptUtf8, Span<byte> digest)
        {
            Encoding utf8 = Encoding.UTF8;
            int length = utf8.GetByteCount(token) + utf8.GetByteCount(timestamp) + utf8.GetByteCount(nonce) + encryptUtf8.Length;

            // The four values one after another, then their concatenation in sorted order.
            byte[]? rented = null;
            Span<byte> buffer = 2 * length <= 2 * StackLimit
                ? stackalloc byte[2 * StackLimit]
                : (rented = ArrayPool<byte>.Shared.Rent(2 * length));
            try
            {
                int tokenEnd = utf8.GetBytes(token, buffer);
                int timestampEnd = tokenEnd + utf8.GetBytes(timestamp, buffer[tokenEnd..]);
                int nonceEnd = timestampEnd + utf8.GetBytes(nonce, buffer[timestampEnd..]);
                encryptUtf8.CopyTo(buffer[nonceEnd..]);
                ReadOnlySpan<byte> values = buffer[..length];

                // A sorting network over the four (start, end) pairs: no array.
                (int Start, int End) a = (0, tokenEnd), b = (tokenEnd, timestampEnd), c = (timestampEnd, nonceEnd), d = (nonceEnd, length);
                OrderPair(values, ref a, ref b);
                OrderPair(values, ref c, ref d);
                OrderPair(values, ref a, ref c);
                OrderPair(values, ref b, ref d);
                OrderPair(values, ref b, ref c);

                Span<byte> joined = buffer.Slice(length, length);
                int written = 0;
                foreach ((int start, int end) in (ReadOnlySpan<(int, int)>)[a, b, c, d])
                {
                    values[start..end].CopyTo(joined[written..]);
                    written += end - start;
                }

                Sha1(joined, digest);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        /// <summary>
        /// SHA-1 through libcrypto's low-level functions where <see cref="LibcryptoSha1.IsActive"/> (Linux); elsewhere with
        /// the thread's kept hash object: a one-shot hash builds and frees the platform's digest context on every call, a
        /// fifth of the time for a safe-mode Encrypt value.
        /// </summary>
        private static void Sha1(ReadOnlySpan<byte> data, Span<byte> digest)
        {
            if (LibcryptoSha1.IsActive)
            {
                LibcryptoSha1.Hash(data, digest);
                return;
            }

            IncrementalHash sha1 = t_sha1 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            sha1.AppendData(data);
            sha1.GetHashAndReset(digest);
        }

        private static void OrderPair(ReadOnlySpan<byte> values, ref (int Start, int End) first, ref (int Start, int End) second)
        {
            if (values[first.Start..first.End].SequenceCompareTo(values[second.Start..second.End]) > 0)
            {
                (first, second) = (second, first);
            }
        }
    }
}
