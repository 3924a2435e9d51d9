using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount.Cli.Simulation
{
    /// <summary>
    /// Builds the plaintext push of one message or event type of the spec, as WeChat would send it: the typed
    /// instance from <see cref="WeChatSpecTypes"/>, its header filled in, every element it always carries given a
    /// plausible value, the options' values put in their elements.
    /// </summary>
    internal static class SimulatedPayload
    {
        /// <summary>One simulatable type: its wire name and how to create an empty instance.</summary>
        /// <param name="Name">MsgType (messages) or Event (events), in the spec's spelling.</param>
        /// <param name="IsEvent">True for an event (<c>MsgType = event</c>).</param>
        internal sealed record SimulatedType(string Name, bool IsEvent)
        {
            /// <summary>Creates the typed, empty instance.</summary>
            public WeChatMessage Create() =>
                (IsEvent ? WeChatSpecTypes.Instance.CreateEvent(Name) : WeChatSpecTypes.Instance.CreateMessage(Name))
                ?? throw new InvalidOperationException($"the factory does not know {Name}");
        }

        /// <summary>Every message type, then every event type, each in ordinal order.</summary>
        public static IReadOnlyList<SimulatedType> All { get; } =
            WeChatSpecTypes.MessageTypes.Order(StringComparer.Ordinal).Select(t => new SimulatedType(t, IsEvent: false))
                .Concat(WeChatSpecTypes.EventTypes.Order(StringComparer.Ordinal).Select(t => new SimulatedType(t, IsEvent: true)))
                .ToArray();

        /// <summary>
        /// Finds the type named <paramref name="name"/>: exact spelling first, then ignoring case, as WeChat's own
        /// values are matched; MsgType <c>location</c> and Event <c>LOCATION</c> differ only in case.
        /// </summary>
        /// <param name="name">The TYPE argument.</param>
        /// <param name="type">The type found.</param>
        /// <param name="problem">Why none was found: unknown, or ambiguous between a message and an event.</param>
        public static bool TryFind(string name, out SimulatedType type, out string problem)
        {
            type = null!;
            problem = string.Empty;
            SimulatedType[] matches = All.Where(t => string.Equals(t.Name, name, StringComparison.Ordinal)).ToArray();
            if (matches.Length == 0)
            {
                matches = All.Where(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)).ToArray();
            }

            switch (matches.Length)
            {
                case 1:
                    type = matches[0];
                    return true;
                case 0:
                    problem = $"unknown message or event type '{name}'; 'wechat simulate --list' prints the types of the spec";
                    return false;
                default:
                    problem = $"'{name}' is ambiguous: " + string.Join(" or ", matches.Select(Describe)) + "; spell it exactly";
                    return false;
            }
        }

        /// <summary>"message text" or "event CLICK".</summary>
        /// <param name="type">The type.</param>
        public static string Describe(SimulatedType type) => (type.IsEvent ? "event " : "message ") + type.Name;

        /// <summary>Builds the payload of <paramref name="type"/>.</summary>
        /// <param name="type">The message or event type.</param>
        /// <param name="header">ToUserName, FromUserName and CreateTime.</param>
        /// <param name="fields">
        /// Values that must appear, by element name (MsgId, and the options the user gave), a nested element by its
        /// path from the root (<c>ScanCodeInfo/ScanResult</c>); an element the type does not have is an error.
        /// </param>
        /// <returns>The typed payload.</returns>
        /// <exception cref="ArgumentException">A field of <paramref name="fields"/> does not belong to the type; the message says which.</exception>
        public static WeChatMessage Build(SimulatedType type, PayloadHeader header, IReadOnlyDictionary<string, SimulatedField> fields)
        {
            WeChatMessage empty = type.Create();
            empty.ToUserName = header.ToUserName;
            empty.FromUserName = header.FromUserName;
            empty.CreateTime = header.CreateTime;

            // The typed instance writes every element the spec says is always present, empty or zero; filling those
            // and reading the result back through the parser keeps the values as typed as WeChat's would be.
            XElement xml = XElement.Parse(empty.ToXml());
            string typeName = empty.GetType().Name;
            var filledPaths = new HashSet<string>(StringComparer.Ordinal);
            Fill(xml, typeName, path: null, fields, filledPaths);
            foreach ((string element, SimulatedField field) in fields)
            {
                if (filledPaths.Contains(element))
                {
                    continue;
                }

                if (element.Contains('/', StringComparison.Ordinal))
                {
                    // Below the top level only what the typed instance writes can be told apart from a misspelling.
                    throw new ArgumentException($"{field.Option ?? element} does not apply to {Describe(type)}: {typeName} has no {element}");
                }

                if (xml.Element(element) is { HasElements: true } group)
                {
                    string inside = string.Join(", ", group.Elements().Select(e => element + "/" + e.Name.LocalName));
                    throw new ArgumentException($"{field.Option ?? element}: {element} of {typeName} holds elements, set them one by one: {inside}");
                }

                // An optional top-level element the instance left out; the parser below says whether the type has it.
                xml.Add(new XElement(element, field.Value));
            }

            WeChatMessage filled;
            try
            {
                filled = WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(xml.ToString(SaveOptions.DisableFormatting)));
            }
            catch (WeChatXmlException ex)
            {
                throw new ArgumentException($"{Describe(type)}: {ex.Message}", ex);
            }

            foreach (WeChatXmlElement unknown in filled.UnknownElements)
            {
                if (fields.TryGetValue(unknown.Name, out SimulatedField? field) && field.Option is { } option)
                {
                    throw new ArgumentException($"{option} does not apply to {Describe(type)}: {typeName} has no {unknown.Name}");
                }
            }

            filled.UnknownElements.RemoveAll(e => fields.ContainsKey(e.Name));
            return filled;
        }

        private static void Fill(XElement parent, string typeName, string? path, IReadOnlyDictionary<string, SimulatedField> fields, HashSet<string> filledPaths)
        {
            foreach (XElement child in parent.Elements())
            {
                string name = child.Name.LocalName;
                string childPath = path is null ? name : path + "/" + name;
                if (child.HasElements)
                {
                    // Nested objects are keyed by their element name, which is also their type name in the spec.
                    Fill(child, name, childPath, fields, filledPaths);
                }
                else if (fields.TryGetValue(childPath, out SimulatedField? field))
                {
                    child.Value = field.Value;
                    filledPaths.Add(childPath);
                }
                else if (child.Value is "" or "0" && DemoValues.For(typeName, name) is { } demo)
                {
                    child.Value = demo;
                }
            }
        }
    }
}
