using System.Globalization;

namespace Labelit.Export.Output;

/// <summary>Formats doubles the way Python's repr/str does (LS writes COCO and YOLO numbers
/// that way): shortest round-trip digits, "80.0" rather than "80", and exponent form
/// "1e-05"/"1.5e+16" only below 1e-4 or from 1e16 on.</summary>
internal static class PyFloat
{
    public static string Format(double value)
    {
        Span<char> chars = stackalloc char[40];
        return new string(chars[..Format(value, chars)]);
    }

    public static int Format(double value, Span<char> destination)
    {
        if (double.IsNaN(value))
        {
            return Copy("NaN", destination);
        }

        if (double.IsInfinity(value))
        {
            return Copy(value > 0 ? "Infinity" : "-Infinity", destination);
        }

        // "R" gives the shortest digits but in .NET's own layout; split it into digits and a
        // decimal exponent and lay them out again by Python's rules.
        Span<char> shortest = stackalloc char[32];
        value.TryFormat(shortest, out var shortestLength, "R", CultureInfo.InvariantCulture);
        var (negative, digits, exponent) = Decompose(shortest[..shortestLength]);

        var pos = 0;
        if (negative)
        {
            destination[pos++] = '-';
        }

        if (exponent < -4 || exponent >= 16)
        {
            destination[pos++] = digits[0];
            if (digits.Length > 1)
            {
                destination[pos++] = '.';
                digits[1..].CopyTo(destination[pos..]);
                pos += digits.Length - 1;
            }

            destination[pos++] = 'e';
            destination[pos++] = exponent < 0 ? '-' : '+';
            var magnitude = Math.Abs(exponent);
            if (magnitude < 10)
            {
                destination[pos++] = '0';
            }

            magnitude.TryFormat(destination[pos..], out var written, default, CultureInfo.InvariantCulture);
            return pos + written;
        }

        if (exponent < 0)
        {
            destination[pos++] = '0';
            destination[pos++] = '.';
            for (var i = 0; i < -exponent - 1; i++)
            {
                destination[pos++] = '0';
            }

            digits.CopyTo(destination[pos..]);
            return pos + digits.Length;
        }

        for (var i = 0; i <= exponent; i++)
        {
            destination[pos++] = i < digits.Length ? digits[i] : '0';
        }

        destination[pos++] = '.';
        if (digits.Length > exponent + 1)
        {
            digits[(exponent + 1)..].CopyTo(destination[pos..]);
            return pos + digits.Length - exponent - 1;
        }

        destination[pos++] = '0';
        return pos;
    }

    /// <summary>Splits .NET's round-trip text into sign, significant digits and the decimal
    /// exponent of the first digit (123.4 -> "1234", 2).</summary>
    private static (bool Negative, string Digits, int Exponent) Decompose(ReadOnlySpan<char> text)
    {
        var negative = text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.');
        var integerDigits = dot >= 0 ? dot : text.Length;
        var allDigits = dot >= 0 ? string.Concat(text[..dot], text[(dot + 1)..]) : text.ToString();
        var firstNonZero = 0;
        while (firstNonZero < allDigits.Length - 1 && allDigits[firstNonZero] == '0')
        {
            firstNonZero++;
        }

        var digits = allDigits[firstNonZero..].TrimEnd('0');
        if (digits.Length == 0)
        {
            return (negative, "0", 0);
        }

        return (negative, digits, exponent + integerDigits - 1 - firstNonZero);
    }

    private static int Copy(string text, Span<char> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
