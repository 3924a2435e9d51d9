using System;
using System.ComponentModel;
using System.Text.Json;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount
{
    /// <summary>An event push (<c>MsgType = event</c>), told apart by <see cref="Event"/>.</summary>
    public abstract class WeChatEvent : WeChatMessage
    {
        private const int EventBit = 59;

        /// <summary>Creates an event with the given Event value.</summary>
        /// <param name="eventName">The Event value in the platform's spelling.</param>
        protected WeChatEvent(string eventName)
            : base("event")
        {
            Event = eventName;
        }

        /// <summary>The Event value as on the wire; the platform's casing varies by event (subscribe, CLICK, ShakearoundUserShake).</summary>
        public string Event { get; set; }

        /// <inheritdoc />
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected override bool ReadElement(ref WeChatXmlCursor cursor, ReadOnlySpan<byte> name, ref ulong seen)
        {
            if (name.Length == 5 && name.SequenceEqual("Event"u8))
            {
                cursor.MarkSeen(ref seen, EventBit);
                Event = cursor.ReadString(Event);
                return true;
            }

            return base.ReadElement(ref cursor, name, ref seen);
        }

        /// <inheritdoc />
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected override void WriteElements(ref WeChatXmlWriter writer)
        {
            base.WriteElements(ref writer);
            writer.WriteString("Event"u8, Event);
        }

        /// <inheritdoc />
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected override void WriteJsonProperties(Utf8JsonWriter writer)
        {
            base.WriteJsonProperties(writer);
            writer.WriteString("Event", Event);
        }
    }
}
