using System;
using System.Buffers;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount
{
    /// <summary>
    /// Parses WeChat XML bodies (UTF-8 bytes) into typed messages, events and replies without reflection.
    /// </summary>
    /// <remarks>
    /// Dispatch is on MsgType, then on Event for <c>MsgType = event</c>, both case-insensitively. Unknown values give
    /// <see cref="UnknownMessage"/> / <see cref="UnknownEvent"/> / <see cref="UnknownReply"/> with every element kept.
    /// Malformed or unsafe input (DTD, bad UTF-8, mismatched tags, too deep, too large, non-numeric numbers) throws
    /// <see cref="WeChatXmlException"/> and nothing else.
    /// </remarks>
    public static class WeChatMessageParser
    {
        /// <summary>Parses an inbound message or event using the SDK's own types.</summary>
        /// <param name="utf8Xml">The request body.</param>
        /// <param name="options">Limits; <see cref="WeChatXmlReaderOptions.Default"/> when null.</param>
        /// <exception cref="WeChatXmlException">The body is malformed, unsafe or does not fit the spec.</exception>
        public static WeChatMessage Parse(ReadOnlySpan<byte> utf8Xml, WeChatXmlReaderOptions? options = null) =>
            Parse(utf8Xml, WeChatSpecTypes.Instance, options);

        /// <summary>Parses an inbound message or event with the given type factory.</summary>
        /// <param name="utf8Xml">The request body.</param>
        /// <param name="factory">Creates typed instances; e.g. a consumer's generated factory.</param>
        /// <param name="options">Limits; <see cref="WeChatXmlReaderOptions.Default"/> when null.</param>
        /// <exception cref="WeChatXmlException">The body is malformed, unsafe or does not fit the spec.</exception>
        public static WeChatMessage Parse(ReadOnlySpan<byte> utf8Xml, IWeChatPayloadFactory factory, WeChatXmlReaderOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(factory);
            return Read<WeChatMessage>(utf8Xml, options, factory, static (factory, msgType, eventName) =>
                string.Equals(msgType, "event", StringComparison.OrdinalIgnoreCase)
                    ? (eventName is null ? null : factory.CreateEvent(eventName)) ?? new UnknownEvent()
                    : (msgType is null ? null : factory.CreateMessage(msgType)) ?? new UnknownMessage());
        }

        /// <summary>Parses a passive reply (e.g. one a handler produced, or a simulator received).</summary>
        /// <param name="utf8Xml">The reply body.</param>
        /// <param name="options">Limits; <see cref="WeChatXmlReaderOptions.Default"/> when null.</param>
        /// <exception cref="WeChatXmlException">The body is malformed, unsafe or does not fit the spec.</exception>
        public static WeChatReply ParseReply(ReadOnlySpan<byte> utf8Xml, WeChatXmlReaderOptions? options = null) =>
            ParseReply(utf8Xml, WeChatSpecTypes.Instance, options);

        /// <summary>Parses a passive reply with the given type factory.</summary>
        /// <param name="utf8Xml">The reply body.</param>
        /// <param name="factory">Creates typed instances.</param>
        /// <param name="options">Limits; <see cref="WeChatXmlReaderOptions.Default"/> when null.</param>
        /// <exception cref="WeChatXmlException">The body is malformed, unsafe or does not fit the spec.</exception>
        public static WeChatReply ParseReply(ReadOnlySpan<byte> utf8Xml, IWeChatPayloadFactory factory, WeChatXmlReaderOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(factory);
            return Read<WeChatReply>(utf8Xml, options, factory, static (factory, msgType, _) =>
                (msgType is null ? null : factory.CreateReply(msgType)) ?? new UnknownReply());
        }

        private static T Read<T>(ReadOnlySpan<byte> utf8Xml, WeChatXmlReaderOptions? options, IWeChatPayloadFactory factory, Func<IWeChatPayloadFactory, string?, string?, T> create)
            where T : WeChatPayload
        {
            options ??= WeChatXmlReaderOptions.Default;
            XmlToken[] tokens = XmlTokenizer.Tokenize(utf8Xml, options, out _);
            try
            {
                var cursor = new WeChatXmlCursor(utf8Xml, tokens);
                if (!cursor.CurrentName.SequenceEqual("xml"u8))
                {
                    throw cursor.Error("the root element must be <xml>");
                }

                FindDispatchKeys(ref cursor, out string? msgType, out string? eventName);
                T payload = create(factory, msgType, eventName);
                cursor.Position = 0;
                payload.ReadContent(ref cursor);
                return payload;
            }
            catch (Exception ex) when (ex is not WeChatXmlException and not OutOfMemoryException)
            {
                // The contract is one exception type; anything else is a parser bug, kept as the inner exception.
                throw new WeChatXmlException(0, "internal parser error: " + ex.Message, ex);
            }
            finally
            {
                ArrayPool<XmlToken>.Shared.Return(tokens);
            }
        }

        private static void FindDispatchKeys(ref WeChatXmlCursor cursor, out string? msgType, out string? eventName)
        {
            msgType = null;
            eventName = null;
            int end = cursor.EnterElement();
            while (cursor.NextChild(end, out ReadOnlySpan<byte> name))
            {
                if (msgType is null && name.SequenceEqual("MsgType"u8))
                {
                    msgType = cursor.ReadString();
                }
                else if (eventName is null && name.SequenceEqual("Event"u8))
                {
                    int at = cursor.Position;
                    if (cursor.EndOf(at) != at + 1 && !HasOnlyText(ref cursor, at))
                    {
                        cursor.Position = cursor.EndOf(at) + 1;
                        continue;
                    }

                    eventName = cursor.ReadString();
                }
                else
                {
                    cursor.Position = cursor.EndOf(cursor.Position) + 1;
                }
            }
        }

        private static bool HasOnlyText(ref WeChatXmlCursor cursor, int start)
        {
            // Event is text in events but may be anything in an unknown message; only text takes part in dispatch.
            int end = cursor.EndOf(start);
            for (int i = start + 1; i < end; i++)
            {
                if (cursor.IsStartElement(i))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
