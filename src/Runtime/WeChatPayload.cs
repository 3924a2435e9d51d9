using System;
using System.Buffers;
using System.ComponentModel;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount
{
    /// <summary>
    /// A whole <c>&lt;xml&gt;</c> document exchanged with WeChat: an inbound message or event, or a passive reply.
    /// Carries the common header every such document starts with.
    /// </summary>
    public abstract class WeChatPayload : WeChatXmlObject
    {
        private const int ToUserNameBit = 63;
        private const int FromUserNameBit = 62;
        private const int CreateTimeBit = 61;
        private const int MsgTypeBit = 60;

        private static readonly JsonWriterOptions JsonOptions = new()
        {
            // Chinese text stays readable; the output is for people and scripts, not for embedding in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = false,
        };

        /// <summary>Creates a payload of the given MsgType.</summary>
        /// <param name="msgType">The MsgType value.</param>
        protected WeChatPayload(string msgType)
        {
            MsgType = msgType;
        }

        /// <summary>The C# type name shown as <c>$type</c> in the JSON view; generated, so no reflection is involved.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected abstract string TypeName { get; }

        /// <summary>Receiver: the account's original id (gh_…) inbound, the user's OpenID in a reply.</summary>
        public string ToUserName { get; set; } = string.Empty;

        /// <summary>Sender: the user's OpenID inbound, the account's original id in a reply.</summary>
        public string FromUserName { get; set; } = string.Empty;

        /// <summary>Creation time in Unix seconds, as on the wire.</summary>
        public long CreateTime { get; set; }

        /// <summary><see cref="CreateTime"/> as a point in time (UTC).</summary>
        public DateTimeOffset CreatedAt
        {
            get => DateTimeOffset.FromUnixTimeSeconds(CreateTime);
            set => CreateTime = value.ToUnixTimeSeconds();
        }

        /// <summary>The MsgType as on the wire (e.g. <c>text</c>, <c>event</c>).</summary>
        public string MsgType { get; set; }

        /// <summary>Writes the document as UTF-8 XML in the official layout.</summary>
        /// <param name="output">Where the bytes go.</param>
        public void WriteTo(IBufferWriter<byte> output)
        {
            ArgumentNullException.ThrowIfNull(output);
            var writer = new WeChatXmlWriter(output);
            writer.WriteStartElement("xml"u8);
            WriteContent(ref writer);
            writer.WriteEndElement("xml"u8, isRoot: true);
        }

        /// <summary>The document as an XML string in the official layout.</summary>
        public string ToXml()
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            WriteTo(buffer);
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        /// <summary>
        /// Writes a JSON object: <c>$type</c> (the C# type name), every element under its wire name typed as the spec
        /// says, and elements the spec does not know under <c>$unknown</c>.
        /// </summary>
        /// <param name="writer">The JSON writer.</param>
        public void WriteJson(Utf8JsonWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStartObject();
            writer.WriteString("$type", TypeName);
            WriteJsonContent(writer);
            writer.WriteEndObject();
        }

        /// <summary>The JSON form described at <see cref="WriteJson"/>.</summary>
        public string ToJson()
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
            {
                WriteJson(writer);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        /// <inheritdoc />
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected override bool ReadElement(ref WeChatXmlCursor cursor, ReadOnlySpan<byte> name, ref ulong seen)
        {
            switch (name.Length)
            {
                case 10 when name.SequenceEqual("ToUserName"u8):
                    cursor.MarkSeen(ref seen, ToUserNameBit);
                    ToUserName = cursor.ReadString();
                    return true;
                case 12 when name.SequenceEqual("FromUserName"u8):
                    cursor.MarkSeen(ref seen, FromUserNameBit);
                    FromUserName = cursor.ReadString();
                    return true;
                case 10 when name.SequenceEqual("CreateTime"u8):
                    cursor.MarkSeen(ref seen, CreateTimeBit);
                    int at = cursor.Position;
                    long value = cursor.ReadInt64() ?? 0;
                    if (value < -62135596800L || value > 253402300799L)
                    {
                        cursor.Position = at;
                        throw cursor.Error($"{value} is outside the representable date range");
                    }

                    CreateTime = value;
                    return true;
                case 7 when name.SequenceEqual("MsgType"u8):
                    cursor.MarkSeen(ref seen, MsgTypeBit);
                    MsgType = cursor.ReadString(MsgType);
                    return true;
            }

            return false;
        }

        /// <inheritdoc />
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected override void WriteElements(ref WeChatXmlWriter writer)
        {
            writer.WriteString("ToUserName"u8, ToUserName);
            writer.WriteString("FromUserName"u8, FromUserName);
            writer.WriteInt64("CreateTime"u8, CreateTime);
            writer.WriteString("MsgType"u8, MsgType);
        }

        /// <inheritdoc />
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected override void WriteJsonProperties(Utf8JsonWriter writer)
        {
            writer.WriteString("ToUserName", ToUserName);
            writer.WriteString("FromUserName", FromUserName);
            writer.WriteNumber("CreateTime", CreateTime);
            writer.WriteString("MsgType", MsgType);
        }
    }
}
