using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount.Security
{
    /// <summary>
    /// Safe-mode (安全模式) message crypto for one Official Account: verifies <c>msg_signature</c>, decrypts
    /// the <c>Encrypt</c> value of a push, and encrypts replies — the WXBizMsgCrypt algorithm.
    /// </summary>
    /// <remarks>
    /// <para>Thread-safe and meant to be reused: create one per account and share it.</para>
    /// <para>
    /// Wire format: AES-256-CBC with key = base64(EncodingAESKey + "="), IV = first 16 key bytes, over
    /// random(16) ‖ uint32-BE length ‖ message ‖ AppID, padded PKCS#7-style to a 32-byte (not 16-byte) block.
    /// </para>
    /// <para>
    /// Decrypting before checking the signature turns the distinct error codes into a padding oracle; use
    /// <see cref="VerifyAndDecrypt"/> for requests, and <see cref="Decrypt(string)"/> only on input already verified.
    /// </para>
    /// </remarks>
    public sealed class WeChatMessageCrypto
    {
        private const int RandomLength = 16;
        private const int LengthFieldSize = 4;
        private const int HeaderLength = RandomLength + LengthFieldSize;
        private const int PadBlock = 32;
        private const int AesBlock = 16;

        // Far above any WeChat payload (replies are kilobytes), and its base64 form still fits in a string.
        private const int MaxPaddedLength = 256 * 1024 * 1024;

        /// <summary>
        /// AppContext switch: when set, AES always runs in the platform's crypto library (OpenSSL, CNG), as a FIPS-bound
        /// deployment may require; by default processors with AES instructions run it in process (<see cref="AesNiCbc"/>).
        /// </summary>
        internal const string UsePlatformAesSwitch = "WeChat.OfficialAccount.Crypto.UsePlatformAes";

        private readonly string _token;
        private readonly byte[] _key;
        private readonly string _appId;
        private readonly byte[] _appIdUtf8;
        private readonly AesNiCbc? _aesNi;
        private readonly ThreadLocal<AesTransforms?> _transforms = new();
        private readonly TimeSpan? _timestampWindow;
        private readonly TimeProvider _timeProvider;

        /// <summary>Creates the crypto for one account from its message push settings.</summary>
        /// <param name="token">The Token configured on the platform.</param>
        /// <param name="encodingAesKey">The 43-character EncodingAESKey configured on the platform.</param>
        /// <param name="appId">The account's AppID; decrypted messages must carry it.</param>
        /// <param name="options">Optional timestamp window and clock; copied, not kept.</param>
        /// <exception cref="ArgumentException"><paramref name="token"/> or <paramref name="appId"/> is null or empty.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="encodingAesKey"/> or <see cref="WeChatCryptoOptions.TimeProvider"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><see cref="WeChatCryptoOptions.TimestampWindow"/> is negative.</exception>
        /// <exception cref="WeChatCryptoException"><see cref="WeChatCryptoError.IllegalAesKey"/>: the key is not 43 base64 characters.</exception>
        public WeChatMessageCrypto(string token, string encodingAesKey, string appId, WeChatCryptoOptions? options = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(token);
            ArgumentException.ThrowIfNullOrEmpty(appId);
            ArgumentNullException.ThrowIfNull(encodingAesKey);

            _token = token;
            _appId = appId;
            _appIdUtf8 = Encoding.UTF8.GetBytes(appId);
            _key = EncodingAesKey.Decode(encodingAesKey);
            if (AesNiCbc.IsSupported && !(AppContext.TryGetSwitch(UsePlatformAesSwitch, out bool platform) && platform))
            {
                _aesNi = new AesNiCbc(_key);
            }

            if (options is not null)
            {
                ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");
                if (options.TimestampWindow is TimeSpan window && window < TimeSpan.Zero)
                {
                    throw new ArgumentOutOfRangeException("options.TimestampWindow", window, "The timestamp window must be zero or positive; use null to turn the freshness check off.");
                }

                _timestampWindow = options.TimestampWindow;
                _timeProvider = options.TimeProvider;
            }
            else
            {
                _timeProvider = TimeProvider.System;
            }
        }

        /// <summary>Encrypts a message into the base64 <c>Encrypt</c> value.</summary>
        /// <param name="plaintextUtf8">The message, UTF-8 encoded (normally the reply XML).</param>
        /// <param name="random16">
        /// The 16-byte random prefix; leave empty to draw it from <see cref="RandomNumberGenerator"/>.
        /// Pass a value only to reproduce published test vectors.
        /// </param>
        /// <returns>The base64 ciphertext.</returns>
        /// <exception cref="ArgumentException"><paramref name="random16"/> is neither empty nor 16 bytes.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="plaintextUtf8"/> is implausibly large (hundreds of megabytes).</exception>
        /// <exception cref="WeChatCryptoException"><see cref="WeChatCryptoError.EncryptAesError"/>: the platform's AES failed.</exception>
        public string Encrypt(ReadOnlySpan<byte> plaintextUtf8, ReadOnlySpan<byte> random16 = default)
        {
            byte[] cipher = EncryptToRented(plaintextUtf8, random16, out int length);
            try
            {
                return Convert.ToBase64String(cipher, 0, length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(cipher, clearArray: true);
            }
        }

        /// <summary>
        /// Pads and encrypts <paramref name="plaintextUtf8"/>; the ciphertext is the first <paramref name="length"/> bytes
        /// of the returned pooled array, which the caller returns (cleared).
        /// </summary>
        private byte[] EncryptToRented(ReadOnlySpan<byte> plaintextUtf8, ReadOnlySpan<byte> random16, out int length)
        {
            if (!random16.IsEmpty && random16.Length != RandomLength)
            {
                throw new ArgumentException($"The random prefix must be exactly {RandomLength} bytes, or empty to generate one; it was {random16.Length} bytes.", nameof(random16));
            }

            long fullLength = (long)HeaderLength + plaintextUtf8.Length + _appIdUtf8.Length;
            int padLength = PadBlock - (int)(fullLength % PadBlock);
            long paddedLength = fullLength + padLength;
            if (paddedLength > MaxPaddedLength)
            {
                throw new ArgumentOutOfRangeException(nameof(plaintextUtf8), plaintextUtf8.Length, "The message is too large to encrypt; WeChat replies are a few kilobytes.");
            }

            length = (int)paddedLength;
            byte[] plain = ArrayPool<byte>.Shared.Rent(length);
            byte[] cipher = ArrayPool<byte>.Shared.Rent(length);
            bool done = false;
            try
            {
                Span<byte> buffer = plain.AsSpan(0, length);
                if (random16.IsEmpty)
                {
                    RandomPrefix.Fill(buffer[..RandomLength]);
                }
                else
                {
                    random16.CopyTo(buffer);
                }

                BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(RandomLength, LengthFieldSize), (uint)plaintextUtf8.Length);
                plaintextUtf8.CopyTo(buffer[HeaderLength..]);
                _appIdUtf8.CopyTo(buffer[(HeaderLength + plaintextUtf8.Length)..]);
                buffer[(int)fullLength..].Fill((byte)padLength);

                try
                {
                    length = Cbc(encrypt: true, plain, length, cipher);
                }
                catch (CryptographicException ex)
                {
                    throw new WeChatCryptoException(WeChatCryptoError.EncryptAesError, "AES-256-CBC encryption failed in the platform's crypto library; see the inner exception.", ex);
                }

                done = true;
                return cipher;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(plain, clearArray: true);
                if (!done)
                {
                    ArrayPool<byte>.Shared.Return(cipher, clearArray: true);
                }
            }
        }

        /// <summary>
        /// Decrypts an <c>Encrypt</c> value and returns the message bytes (UTF-8, normally XML), after checking
        /// padding, the length field and the trailing AppID. Does not check any signature.
        /// </summary>
        /// <param name="encrypt">The text of the <c>Encrypt</c> element.</param>
        /// <returns>The decrypted message, UTF-8 encoded.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="encrypt"/> is null.</exception>
        /// <exception cref="WeChatCryptoException">
        /// <see cref="WeChatCryptoError.DecodeBase64Error"/>, <see cref="WeChatCryptoError.DecryptAesError"/>,
        /// <see cref="WeChatCryptoError.IllegalBuffer"/> or <see cref="WeChatCryptoError.ValidateAppIdError"/>.
        /// </exception>
        public byte[] Decrypt(string encrypt)
        {
            ArgumentNullException.ThrowIfNull(encrypt);

            byte[] cipher = ArrayPool<byte>.Shared.Rent(((encrypt.Length / 4) + 1) * 3);
            try
            {
                if (!Convert.TryFromBase64String(encrypt, cipher, out int cipherLength))
                {
                    throw InvalidBase64();
                }

                DecryptCipher(cipher, cipherLength, null, out byte[]? message);
                return message!;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(cipher);
            }
        }

        /// <summary>
        /// Decrypts an <c>Encrypt</c> value given as UTF-8 (as it stands in a request body) and writes the message
        /// bytes to <paramref name="destination"/>, after the checks of <see cref="Decrypt(string)"/>. Does not check any
        /// signature; allocates nothing on the way.
        /// </summary>
        /// <param name="encryptUtf8">The text of the <c>Encrypt</c> element, UTF-8 encoded.</param>
        /// <param name="destination">Where the decrypted message (UTF-8, normally XML) is written.</param>
        /// <returns>The number of bytes written.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
        /// <exception cref="WeChatCryptoException">As <see cref="Decrypt(string)"/>.</exception>
        public int Decrypt(ReadOnlySpan<byte> encryptUtf8, IBufferWriter<byte> destination)
        {
            ArgumentNullException.ThrowIfNull(destination);

            byte[] cipher = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(encryptUtf8.Length) + 3);
            try
            {
                if (Base64.DecodeFromUtf8(encryptUtf8, cipher, out _, out int cipherLength) != OperationStatus.Done)
                {
                    // The strict decoder refuses whitespace, which Convert (and so the string overload) skips: decide
                    // with the lenient one, so both overloads accept the same values.
                    string text = Encoding.UTF8.GetString(encryptUtf8);
                    if (!Convert.TryFromBase64String(text, cipher, out cipherLength))
                    {
                        throw InvalidBase64();
                    }
                }

                return DecryptCipher(cipher, cipherLength, destination, out _);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(cipher);
            }
        }

        /// <summary>
        /// Checks the <c>msg_signature</c> of a safe-mode push and, when <see cref="WeChatCryptoOptions.TimestampWindow"/>
        /// is set, that <paramref name="timestamp"/> is fresh.
        /// </summary>
        /// <param name="msgSignature">The <c>msg_signature</c> query parameter; null (missing) fails.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter, verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter, verbatim.</param>
        /// <param name="encrypt">The text of the <c>Encrypt</c> element, verbatim.</param>
        /// <exception cref="ArgumentNullException"><paramref name="timestamp"/>, <paramref name="nonce"/> or <paramref name="encrypt"/> is null.</exception>
        /// <exception cref="WeChatCryptoException"><see cref="WeChatCryptoError.ValidateSignatureError"/>: wrong signature, or a stale or malformed timestamp.</exception>
        public void VerifyMessageSignature(string? msgSignature, string timestamp, string nonce, string encrypt)
        {
            // Signature first: only an authentic request deserves a message about its clock.
            if (!WeChatSignature.VerifyMessageSignature(msgSignature, _token, timestamp, nonce, encrypt))
            {
                throw SignatureMismatch(missing: msgSignature is null);
            }

            CheckTimestamp(timestamp);
        }

        /// <summary>
        /// Checks the <c>msg_signature</c> of a safe-mode push against the <c>Encrypt</c> value as UTF-8 and, when
        /// <see cref="WeChatCryptoOptions.TimestampWindow"/> is set, that <paramref name="timestamp"/> is fresh.
        /// </summary>
        /// <param name="msgSignature">The <c>msg_signature</c> query parameter; empty (missing) fails.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter, verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter, verbatim.</param>
        /// <param name="encryptUtf8">The text of the <c>Encrypt</c> element, UTF-8 encoded.</param>
        /// <exception cref="WeChatCryptoException"><see cref="WeChatCryptoError.ValidateSignatureError"/>: wrong signature, or a stale or malformed timestamp.</exception>
        public void VerifyMessageSignature(ReadOnlySpan<char> msgSignature, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> nonce, ReadOnlySpan<byte> encryptUtf8)
        {
            if (!WeChatSignature.VerifyMessageSignature(msgSignature, _token, timestamp, nonce, encryptUtf8))
            {
                throw SignatureMismatch(missing: msgSignature.IsEmpty);
            }

            CheckTimestamp(timestamp);
        }

        /// <summary>
        /// Verifies the push (<see cref="VerifyMessageSignature(string, string, string, string)"/>) and then decrypts it (<see cref="Decrypt(string)"/>).
        /// </summary>
        /// <param name="msgSignature">The <c>msg_signature</c> query parameter; null (missing) fails.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter, verbatim.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter, verbatim.</param>
        /// <param name="encrypt">The text of the <c>Encrypt</c> element, verbatim.</param>
        /// <returns>The decrypted message, UTF-8 encoded.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="timestamp"/>, <paramref name="nonce"/> or <paramref name="encrypt"/> is null.</exception>
        /// <exception cref="WeChatCryptoException">Any failure of the two steps; see <see cref="WeChatCryptoException.Error"/>.</exception>
        public byte[] VerifyAndDecrypt(string? msgSignature, string timestamp, string nonce, string encrypt)
        {
            VerifyMessageSignature(msgSignature, timestamp, nonce, encrypt);
            return Decrypt(encrypt);
        }

        /// <summary>
        /// Verifies and decrypts a whole encrypted request body (safe or compatible mode): reads its Encrypt
        /// element, checks <paramref name="msgSignature"/> and returns the plaintext message XML.
        /// </summary>
        /// <param name="msgSignature">The <c>msg_signature</c> query parameter.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter.</param>
        /// <param name="body">The raw request body.</param>
        /// <exception cref="WeChatCryptoException">The body, signature, ciphertext or AppID is invalid; <see cref="WeChatCryptoException.Code"/> holds the official code.</exception>
        public byte[] VerifyAndDecryptBody(string? msgSignature, string timestamp, string nonce, ReadOnlySpan<byte> body) =>
            VerifyAndDecrypt(msgSignature, timestamp, nonce, WeChatEncryptedEnvelope.Read(body).Encrypt);

        /// <summary>
        /// Verifies and decrypts a whole encrypted request body without allocating: reads its Encrypt element where it
        /// stands, checks <paramref name="msgSignature"/> (and the timestamp window) and writes the plaintext message
        /// XML to <paramref name="destination"/>. The values may be slices of the raw query string.
        /// </summary>
        /// <param name="msgSignature">The <c>msg_signature</c> query parameter; empty (missing) fails.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter.</param>
        /// <param name="body">The raw request body.</param>
        /// <param name="destination">Where the decrypted message XML (UTF-8) is written.</param>
        /// <returns>The number of bytes written.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
        /// <exception cref="WeChatCryptoException">The body, signature, ciphertext or AppID is invalid; <see cref="WeChatCryptoException.Code"/> holds the official code.</exception>
        public int VerifyAndDecryptBody(ReadOnlySpan<char> msgSignature, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> nonce, ReadOnlySpan<byte> body, IBufferWriter<byte> destination)
        {
            ArgumentNullException.ThrowIfNull(destination);
            var scratch = new ValueUtf8Builder(default);
            try
            {
                ReadOnlySpan<byte> encrypt = WeChatEncryptedEnvelope.ReadEncryptUtf8(body, ref scratch);
                VerifyMessageSignature(msgSignature, timestamp, nonce, encrypt);
                return Decrypt(encrypt, destination);
            }
            finally
            {
                scratch.Dispose();
            }
        }

        /// <summary>
        /// Encrypts a reply and signs it, giving the values of the encrypted response envelope;
        /// <see cref="WeChatEncryptedReply.ToXml"/> formats them.
        /// </summary>
        /// <param name="replyUtf8">The plaintext reply XML, UTF-8 encoded.</param>
        /// <param name="timestamp">Unix seconds as decimal digits; normally the request's <c>timestamp</c> or now.</param>
        /// <param name="nonce">Normally the request's <c>nonce</c>; must not contain <c>]]&gt;</c> or control characters.</param>
        /// <param name="random16">The 16-byte random prefix; leave empty to generate one (see <see cref="Encrypt"/>).</param>
        /// <returns>The signed, encrypted reply.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="timestamp"/> or <paramref name="nonce"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="random16"/> is neither empty nor 16 bytes.</exception>
        /// <exception cref="WeChatCryptoException">
        /// <see cref="WeChatCryptoError.GenReturnXmlError"/>: the timestamp or nonce cannot go into the envelope;
        /// <see cref="WeChatCryptoError.EncryptAesError"/>: encryption failed.
        /// </exception>
        public WeChatEncryptedReply EncryptReply(ReadOnlySpan<byte> replyUtf8, string timestamp, string nonce, ReadOnlySpan<byte> random16 = default)
        {
            ArgumentNullException.ThrowIfNull(timestamp);
            ArgumentNullException.ThrowIfNull(nonce);
            CheckReplyHeader(timestamp, nonce);

            string encrypt = Encrypt(replyUtf8, random16);
            string signature = WeChatSignature.ComputeMessageSignature(_token, timestamp, nonce, encrypt);
            return new WeChatEncryptedReply(encrypt, signature, timestamp, nonce);
        }

        /// <summary>
        /// Encrypts a reply, signs it and writes the whole encrypted response envelope as UTF-8 XML to
        /// <paramref name="destination"/> (the layout of <see cref="WeChatEncryptedReply.ToXml"/>), allocating nothing:
        /// the ciphertext is base64-encoded and signed where it is written.
        /// </summary>
        /// <param name="replyUtf8">The plaintext reply XML, UTF-8 encoded.</param>
        /// <param name="timestamp">Unix seconds as decimal digits; normally the request's <c>timestamp</c>.</param>
        /// <param name="nonce">Normally the request's <c>nonce</c>; must not contain <c>]]&gt;</c> or control characters.</param>
        /// <param name="destination">Where the envelope goes, e.g. the response body's <c>PipeWriter</c>.</param>
        /// <returns>The number of bytes written.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
        /// <exception cref="WeChatCryptoException">
        /// <see cref="WeChatCryptoError.GenReturnXmlError"/>: the timestamp or nonce cannot go into the envelope;
        /// <see cref="WeChatCryptoError.EncryptAesError"/>: encryption failed.
        /// </exception>
        public int EncryptReply(ReadOnlySpan<byte> replyUtf8, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> nonce, IBufferWriter<byte> destination)
        {
            ArgumentNullException.ThrowIfNull(destination);
            CheckReplyHeader(timestamp, nonce);

            byte[] cipher = EncryptToRented(replyUtf8, default, out int cipherLength);
            try
            {
                int encryptLength = Base64.GetMaxEncodedToUtf8Length(cipherLength);
                int nonceLength = Encoding.UTF8.GetByteCount(nonce);
                int total = WeChatEncryptedReply.LayoutLength + encryptLength + WeChatSignature.Length + timestamp.Length + nonceLength;
                Span<byte> output = destination.GetSpan(total);

                int at = Put(output, 0, WeChatEncryptedReply.BeforeEncrypt);
                Base64.EncodeToUtf8(cipher.AsSpan(0, cipherLength), output[at..], out _, out int encoded);
                ReadOnlySpan<byte> encrypt = output.Slice(at, encoded);
                at = Put(output, at + encoded, WeChatEncryptedReply.BeforeMsgSignature);
                WeChatSignature.WriteMessageSignature(_token, timestamp, nonce, encrypt, output.Slice(at, WeChatSignature.Length));
                at = Put(output, at + WeChatSignature.Length, WeChatEncryptedReply.BeforeTimeStamp);
                at += Encoding.UTF8.GetBytes(timestamp, output[at..]);
                at = Put(output, at, WeChatEncryptedReply.BeforeNonce);
                at += Encoding.UTF8.GetBytes(nonce, output[at..]);
                at = Put(output, at, WeChatEncryptedReply.AfterNonce);
                destination.Advance(at);
                return at;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(cipher, clearArray: true);
            }

            static int Put(Span<byte> output, int at, ReadOnlySpan<byte> text)
            {
                text.CopyTo(output[at..]);
                return at + text.Length;
            }
        }

        private static void CheckReplyHeader(ReadOnlySpan<char> timestamp, ReadOnlySpan<char> nonce)
        {
            if (timestamp.Length == 0 || timestamp.ContainsAnyExceptInRange('0', '9'))
            {
                throw new WeChatCryptoException(
                    WeChatCryptoError.GenReturnXmlError,
                    $"the reply timestamp '{timestamp}' is not Unix seconds as decimal digits; pass the request's timestamp or the current Unix time.");
            }

            // The nonce usually echoes the query string, which anyone can set: keep it from closing the CDATA
            // section or making the envelope ill-formed.
            if (nonce.IndexOf("]]>", StringComparison.Ordinal) >= 0 || ContainsXmlInvalidControl(nonce))
            {
                throw new WeChatCryptoException(
                    WeChatCryptoError.GenReturnXmlError,
                    "the reply nonce contains ']]>' or a control character and cannot be placed in the envelope; reject the request or reply with a fresh random nonce.");
            }
        }

        private static WeChatCryptoException SignatureMismatch(bool missing) => new(
            WeChatCryptoError.ValidateSignatureError,

            // Never include the expected signature: it would let a caller forge this request.
            missing
                ? "the msg_signature query parameter is missing; safe-mode pushes must be verified with msg_signature, not signature."
                : "msg_signature does not match sha1(sort(token, timestamp, nonce, Encrypt)); check that the Token passed here equals the one on the platform and that Encrypt, timestamp and nonce are passed verbatim.");

        /// <summary>
        /// AES-256-CBC without padding over whole blocks, IV = the first 16 key bytes: on the processor's AES instructions
        /// where it has them, else in the platform library, where each thread keeps its own encryptor and decryptor for
        /// this instance's key (transforms are not thread-safe) and reuses them: creating the cipher per call cost about as
        /// much as the cipher work on a WeChat-sized message.
        /// </summary>
        private int Cbc(bool encrypt, byte[] input, int count, byte[] output)
        {
            if (_aesNi is not null)
            {
                ReadOnlySpan<byte> iv = _key.AsSpan(0, AesBlock);
                if (encrypt)
                {
                    _aesNi.Encrypt(iv, input.AsSpan(0, count), output);
                }
                else
                {
                    _aesNi.Decrypt(iv, input.AsSpan(0, count), output);
                }

                return count;
            }

            AesTransforms? transforms = _transforms.Value;
            if (transforms is null)
            {
                _transforms.Value = transforms = new AesTransforms(_key);
            }

            try
            {
                ICryptoTransform transform = encrypt ? transforms.Encryptor : transforms.Decryptor;
                int written = transform.TransformBlock(input, 0, count, output, 0);

                // The final call with no input resets the chaining state to the IV for the next message.
                transform.TransformFinalBlock(input, 0, 0);
                return written;
            }
            catch
            {
                // A transform that failed half-way is not reused.
                _transforms.Value = null;
                transforms.Dispose();
                throw;
            }
        }
        /// <summary>
        /// Decrypts whole AES blocks and checks the result; the message goes to <paramref name="destination"/>, or into a
        /// new array when it is null. The plaintext buffer is wiped before it goes back to the pool.
        /// </summary>
        private int DecryptCipher(byte[] cipher, int cipherLength, IBufferWriter<byte>? destination, out byte[]? message)
        {
            if (cipherLength == 0 || cipherLength % AesBlock != 0)
            {
                throw new WeChatCryptoException(
                    WeChatCryptoError.DecryptAesError,
                    $"the ciphertext is {cipherLength} bytes, not a positive multiple of the {AesBlock}-byte AES block; the Encrypt value is truncated or was not produced by WeChat.");
            }

            byte[] plain = ArrayPool<byte>.Shared.Rent(cipherLength);
            try
            {
                int plainLength;
                try
                {
                    plainLength = Cbc(encrypt: false, cipher, cipherLength, plain);
                }
                catch (CryptographicException ex)
                {
                    throw new WeChatCryptoException(WeChatCryptoError.DecryptAesError, "AES-256-CBC decryption failed in the platform's crypto library; see the inner exception.", ex);
                }

                ReadOnlySpan<byte> content = Unwrap(plain.AsSpan(0, plainLength));
                if (destination is null)
                {
                    message = content.ToArray();
                }
                else
                {
                    message = null;
                    destination.Write(content);
                }

                return content.Length;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(plain, clearArray: true);
            }
        }

        private ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> plain)
        {
            // WeChat pads to 32-byte blocks, so the pad byte may be 17..32, which library PKCS#7 rejects.
            int pad = plain[^1];
            if (pad < 1 || pad > PadBlock || pad > plain.Length || plain[^pad..].ContainsAnyExcept((byte)pad))
            {
                throw IllegalBuffer($"the padding is invalid (last byte {pad})");
            }

            ReadOnlySpan<byte> content = plain[..^pad];
            if (content.Length < HeaderLength)
            {
                throw IllegalBuffer($"only {content.Length} bytes remain after padding, fewer than the {HeaderLength}-byte header");
            }

            uint messageLength = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(RandomLength, LengthFieldSize));
            if (messageLength > (uint)(content.Length - HeaderLength))
            {
                throw IllegalBuffer($"the length field says {messageLength} bytes but only {content.Length - HeaderLength} follow");
            }

            ReadOnlySpan<byte> message = content.Slice(HeaderLength, (int)messageLength);
            ReadOnlySpan<byte> appId = content[(HeaderLength + (int)messageLength)..];
            if (!appId.SequenceEqual(_appIdUtf8))
            {
                throw new WeChatCryptoException(
                    WeChatCryptoError.ValidateAppIdError,
                    $"the message was encrypted for AppID '{Printable(appId)}' but this instance is configured for '{_appId}'; use the WeChatMessageCrypto of the account the push was sent to.");
            }

            return message;
        }

        private static WeChatCryptoException InvalidBase64() => new(
            WeChatCryptoError.DecodeBase64Error,
            "the Encrypt value is not valid base64; pass the exact text of the <Encrypt> element (URL-decoding or '+' turned into spaces breaks it).");

        private static WeChatCryptoException IllegalBuffer(string what) => new(
            WeChatCryptoError.IllegalBuffer,
            $"the decrypted buffer is malformed: {what}. The EncodingAESKey most likely differs from the one on the platform (it changes when regenerated), or the Encrypt value was altered.");

        private void CheckTimestamp(ReadOnlySpan<char> timestamp)
        {
            if (_timestampWindow is not TimeSpan window)
            {
                return;
            }

            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
            {
                throw new WeChatCryptoException(
                    WeChatCryptoError.ValidateSignatureError,
                    $"the timestamp '{timestamp}' is not Unix seconds as decimal digits, so its freshness cannot be checked; the request was not sent by WeChat.");
            }

            long now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();

            // In double so absurd timestamps cannot overflow the subtraction.
            double skew = (double)now - seconds;
            if (Math.Abs(skew) > window.TotalSeconds)
            {
                throw new WeChatCryptoException(
                    WeChatCryptoError.ValidateSignatureError,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"the timestamp {timestamp} is stale: it is {Math.Abs(skew):F0} seconds {(skew > 0 ? "in the past" : "in the future")}, outside the allowed window of {window.TotalSeconds} seconds. The request may be a replay; if genuine pushes fail, check the server clock (NTP) or widen WeChatCryptoOptions.TimestampWindow."));
            }
        }

        private static bool ContainsXmlInvalidControl(ReadOnlySpan<char> value)
        {
            foreach (char c in value)
            {
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                {
                    return true;
                }
            }

            return false;
        }

        // The AppID tail comes from decrypted, possibly garbage bytes: keep the message readable and short.
        private static string Printable(ReadOnlySpan<byte> bytes)
        {
            const int Limit = 64;
            string text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, Limit)]);
            var builder = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                builder.Append(char.IsControl(c) ? '?' : c);
            }

            return bytes.Length > Limit ? builder.Append('…').ToString() : builder.ToString();
        }

        /// <summary>
        /// One thread's reusable AES-256-CBC transforms for one key, each created on first use (a crypto instance that
        /// only decrypts never builds an encryptor).
        /// </summary>
        private sealed class AesTransforms : IDisposable
        {
            private readonly Aes _aes;
            private readonly byte[] _key;
            private ICryptoTransform? _encryptor;
            private ICryptoTransform? _decryptor;

            public AesTransforms(byte[] key)
            {
                _key = key;
                _aes = Aes.Create();
                _aes.Mode = CipherMode.CBC;
                _aes.Padding = PaddingMode.None;
            }

            public ICryptoTransform Encryptor => _encryptor ??= _aes.CreateEncryptor(_key, Iv);

            public ICryptoTransform Decryptor => _decryptor ??= _aes.CreateDecryptor(_key, Iv);

            private byte[] Iv => _key.AsSpan(0, AesBlock).ToArray();

            public void Dispose()
            {
                _encryptor?.Dispose();
                _decryptor?.Dispose();
                _aes.Dispose();
            }
        }

        /// <summary>
        /// Random prefixes from the system CSPRNG, drawn 4 KiB at a time per thread: one call per message cost as
        /// much as the AES work. Bytes are handed out once and wiped as they are taken.
        /// </summary>
        private static class RandomPrefix
        {
            private const int BufferLength = 4096;

            [ThreadStatic]
            private static byte[]? t_buffer;

            [ThreadStatic]
            private static int t_offset;

            public static void Fill(Span<byte> destination)
            {
                byte[]? buffer = t_buffer;
                if (buffer is null || t_offset + destination.Length > BufferLength)
                {
                    buffer = t_buffer ??= new byte[BufferLength];
                    RandomNumberGenerator.Fill(buffer);
                    t_offset = 0;
                }

                Span<byte> taken = buffer.AsSpan(t_offset, destination.Length);
                taken.CopyTo(destination);
                taken.Clear();
                t_offset += destination.Length;
            }
        }
    }
}
