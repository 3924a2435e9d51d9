using System;
using System.Buffers;
using System.Text.Json;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>
    /// A per-thread buffer and JSON writer, reused for every serialization on that thread, so writing a request body
    /// or <see cref="WeChatJsonObject.ToJson"/> allocates only the final result.
    /// </summary>
    internal static class WeChatJsonBuffers
    {
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? t_writer;

        /// <summary>Takes the thread's writer (or new ones when it is already taken, e.g. re-entrantly).</summary>
        public static Utf8JsonWriter Rent(out ArrayBufferWriter<byte> buffer)
        {
            buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
            buffer.ResetWrittenCount();
            Utf8JsonWriter writer = t_writer ?? new Utf8JsonWriter(buffer, WeChatJsonObject.WriterOptions);
            writer.Reset(buffer);
            t_buffer = null;
            t_writer = null;
            return writer;
        }

        /// <summary>Gives the writer back to the thread; very large buffers are dropped rather than kept.</summary>
        public static void Return(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
        {
            if (buffer.Capacity <= 64 * 1024)
            {
                buffer.ResetWrittenCount();
                t_buffer = buffer;
                t_writer = writer;
            }
        }
    }
}
