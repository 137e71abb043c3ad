using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Icws.Client;

namespace Icws.Sample;

/// <summary>
/// Draws the watched queues as a table. On a terminal it redraws in place (same screen rows), so the
/// table updates instead of scrolling; when the output is redirected it only prints on request.
/// </summary>
internal sealed class QueueTable
{
    private readonly object _gate = new();
    private readonly bool _inPlace;
    private int _top = -1;
    private int _lastHeight;

    public QueueTable() => _inPlace = !Console.IsOutputRedirected;

    public static string Render(IReadOnlyDictionary<string, InteractionAttributes> interactions, string title)
    {
        var text = new StringBuilder();
        text.AppendLine(title);
        text.AppendLine($"  {"Interaction",-12} {"State",-12} {"Remote name",-22} {"Connected",-10} {"Queue",-16}");
        text.AppendLine("  " + new string('-', 76));
        foreach (var (id, a) in interactions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var state = a.State is { } s ? s.ToString() : "?";
            var duration = a.ConnectDurationTime is { } d ? d.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture) : "";
            var queue = a.UserName is { Length: > 0 } user ? user : a.WorkgroupName ?? "";
            text.AppendLine($"  {id,-12} {state,-12} {Truncate(a.RemoteName, 22),-22} {duration,-10} {Truncate(queue, 16),-16}");
        }

        if (interactions.Count == 0)
        {
            text.AppendLine("  (no interactions)");
        }

        return text.ToString();
    }

    /// <summary>Redraws the table in place (terminal only).</summary>
    public void Draw(IReadOnlyDictionary<string, InteractionAttributes> interactions, string title)
    {
        if (!_inPlace)
        {
            return;
        }

        var lines = Render(interactions, title).Split(Environment.NewLine);
        lock (_gate)
        {
            try
            {
                if (_top < 0)
                {
                    _top = Console.CursorTop;
                }

                Console.SetCursorPosition(0, _top);
                var width = Math.Max(Console.WindowWidth - 1, 40);
                foreach (var line in lines)
                {
                    Console.WriteLine(line.Length > width ? line[..width] : line.PadRight(width));
                }

                for (var i = lines.Length; i < _lastHeight; i++)
                {
                    Console.WriteLine(new string(' ', width));
                }

                _lastHeight = lines.Length;
                Console.SetCursorPosition(0, _top + lines.Length);
            }
            catch (Exception ex) when (ex is System.IO.IOException or ArgumentOutOfRangeException)
            {
                // The terminal went away or is too small: fall back to nothing; the summary still prints.
            }
        }
    }

    /// <summary>Moves below the table so that later output does not overwrite it.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _top = -1;
            _lastHeight = 0;
        }
    }

    private static string Truncate(string? text, int width) => text is null ? "" : text.Length <= width ? text : text[..(width - 1)] + "…";
}
