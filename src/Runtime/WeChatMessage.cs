namespace WeChat.OfficialAccount
{
    /// <summary>A message or event WeChat POSTed to the account's URL. Parse one with <see cref="WeChatMessageParser"/>.</summary>
    public abstract class WeChatMessage : WeChatPayload
    {
        /// <summary>Creates a message of the given MsgType.</summary>
        /// <param name="msgType">The MsgType value.</param>
        protected WeChatMessage(string msgType)
            : base(msgType)
        {
        }

        /// <summary>The 64-bit MsgId (MsgID) when the type carries one; generated for every type whose spec has it.</summary>
        public virtual long? MessageId => null;

        /// <summary>The EventKey when the type carries one; generated for every event whose spec has it.</summary>
        public virtual string? EventKeyText => null;

        /// <summary>
        /// For events whose spec lists <c>deduplicateBy</c> fields: their values, which tell apart two events of the
        /// type from one sender in one second (two cards claimed at once give two <c>user_get_card</c> events that
        /// differ only in CardId and UserCardCode). Null for the rest.
        /// </summary>
        public virtual string? DeduplicationDetail => null;

        /// <summary>
        /// The values of a list's items in a <see cref="DeduplicationDetail"/>, comma-separated and formatted invariantly
        /// (an event's <c>deduplicateBy</c> path through a list: a retry repeats the whole list); empty for a null list.
        /// </summary>
        /// <typeparam name="TItem">The list's item type.</typeparam>
        /// <param name="items">The list, or null.</param>
        /// <param name="value">The item's value that tells deliveries apart.</param>
        /// <returns>The joined values.</returns>
        protected static string JoinDeduplicationValues<TItem>(System.Collections.Generic.IEnumerable<TItem>? items, System.Func<TItem, object?> value)
        {
            System.ArgumentNullException.ThrowIfNull(value);
            if (items is null)
            {
                return string.Empty;
            }

            var joined = new System.Text.StringBuilder();
            foreach (TItem item in items)
            {
                if (joined.Length > 0)
                {
                    joined.Append(',');
                }

                joined.Append(System.Convert.ToString(value(item), System.Globalization.CultureInfo.InvariantCulture));
            }

            return joined.ToString();
        }

        /// <summary>
        /// What identifies one delivery across WeChat's retries: the MsgId for messages, otherwise
        /// FromUserName + CreateTime + Event + EventKey (the platform's own recommendation for events), followed by the
        /// <see cref="DeduplicationDetail"/> of the events that have one.
        /// </summary>
        /// <remarks>Built anew on each read (one string, formatted in place): keep it in a local when it is needed twice.</remarks>
        public string DeduplicationKey => MessageId is long id
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"msg:{id}")
            : DeduplicationDetail is { } detail
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"evt:{FromUserName}:{CreateTime}:{(this as WeChatEvent)?.Event}:{EventKeyText}:{detail}")
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"evt:{FromUserName}:{CreateTime}:{(this as WeChatEvent)?.Event}:{EventKeyText}");
    }
}
