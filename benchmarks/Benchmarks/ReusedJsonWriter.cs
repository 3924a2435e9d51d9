using System;
using System.Buffers;
using System.Text.Json;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>
    /// One buffer and one <see cref="Utf8JsonWriter"/> (the SDK's writer options) kept across operations, as a caller
    /// that sends many bodies would keep them: each write resets both and leaves the body in <see cref="WrittenSpan"/>.
    /// </summary>
    internal sealed class ReusedJsonWriter : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer;
        private readonly Utf8JsonWriter _writer;

        public ReusedJsonWriter(int initialCapacity)
        {
            _buffer = new ArrayBufferWriter<byte>(initialCapacity);
            _writer = new Utf8JsonWriter(_buffer, WeChatJsonObject.WriterOptions);
        }

        /// <summary>The body the last <see cref="Write"/> produced.</summary>
        public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

        /// <summary>Writes <paramref name="value"/> as the only content of the buffer and returns its length in bytes.</summary>
        public int Write(WeChatJsonObject value)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            value.WriteJson(_writer);
            _writer.Flush();
            return _buffer.WrittenCount;
        }

        public void Dispose() => _writer.Dispose();
    }
}
