using System.Collections.Generic;

namespace WeChat.OfficialAccount.Menus.Rules
{
    // A neutral picture of a menu definition, built from C# syntax (analyzer) or from a *.menu.json file (analyzer,
    // generator, CLI). Every node carries an opaque location so each front end reports at its own spans.
    // This folder is compiled into every assembly that checks menus: the rules have one source.

    /// <summary>A value read from the definition, with where it was written.</summary>
    internal sealed class MenuValue
    {
        public MenuValue(string? text, object? location, bool isConstant = true)
        {
            Text = text;
            Location = location;
            IsConstant = isConstant;
        }

        /// <summary>The text; null when not a compile-time constant (then rules on it are skipped).</summary>
        public string? Text { get; }

        public object? Location { get; }

        /// <summary>False when the value is computed at run time and cannot be checked.</summary>
        public bool IsConstant { get; }
    }

    /// <summary>One button, top-level or in a sub-menu.</summary>
    internal sealed class MenuButtonModel
    {
        public MenuButtonModel(object? location)
        {
            Location = location;
        }

        public object? Location { get; }

        /// <summary>Properties by their JSON name (type, name, key, url, media_id, article_id, appid, pagepath …).</summary>
        public Dictionary<string, MenuValue> Properties { get; } = new();

        /// <summary>The sub-buttons, or null when the button has none.</summary>
        public List<MenuButtonModel>? SubButtons { get; set; }

        /// <summary>Where the sub-button collection was written.</summary>
        public object? SubButtonsLocation { get; set; }

        /// <summary>Whether the sub-button list is only partly known (e.g. built by a loop); counting rules are skipped.</summary>
        public bool SubButtonsIncomplete { get; set; }

        public MenuValue? Get(string property) => Properties.TryGetValue(property, out MenuValue? value) ? value : null;
    }

    /// <summary>A conditional-menu match rule.</summary>
    internal sealed class MenuMatchRuleModel
    {
        public MenuMatchRuleModel(object? location)
        {
            Location = location;
        }

        public object? Location { get; }

        /// <summary>Fields by their JSON name.</summary>
        public Dictionary<string, MenuValue> Fields { get; } = new();
    }

    /// <summary>A whole menu definition.</summary>
    internal sealed class MenuModel
    {
        public MenuModel(object? location)
        {
            Location = location;
        }

        public object? Location { get; }

        public List<MenuButtonModel> Buttons { get; } = new();

        public object? ButtonsLocation { get; set; }

        /// <summary>Whether the top-level list is only partly known; counting rules are skipped.</summary>
        public bool ButtonsIncomplete { get; set; }

        public MenuMatchRuleModel? MatchRule { get; set; }
    }

    /// <summary>A broken rule: its ID, its message and where to report it.</summary>
    internal readonly struct MenuViolation
    {
        public MenuViolation(string id, string message, object? location)
        {
            Id = id;
            Message = message;
            Location = location;
        }

        public string Id { get; }

        public string Message { get; }

        public object? Location { get; }
    }
}
