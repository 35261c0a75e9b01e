using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// What a record's item (<see cref="Matrix.CaseKey.ItemOf"/>) is made of, as the record holds it: assembly, test class,
/// test method and the value of every cell axis, read through the typed axes (no text formatted, no value boxed). Equal
/// parts always give the same item key; the converse need not hold (two rates that format alike), which is why
/// <see cref="ItemNumbers"/> maps the parts to a number through the key.
/// </summary>
internal sealed class ItemParts : IEquatable<ItemParts>
{
    // The cell axes by property type; an axis of any other type would have no typed getter here.
    private static readonly Func<IRecordAxisValues, string?>[] TextAxes = [.. RecordAxes.CellAxes.OfType<TypedRecordAxis<string?>>().Select(a => a.Get)];
    private static readonly Func<IRecordAxisValues, double?>[] RateAxes = [.. RecordAxes.CellAxes.OfType<TypedRecordAxis<double?>>().Select(a => a.Get)];
    private static readonly Func<IRecordAxisValues, int?>[] IndexAxes = [.. RecordAxes.CellAxes.OfType<TypedRecordAxis<int?>>().Select(a => a.Get)];

    // Texts: assembly, test class, test method, then the text axes. Numbers: the raw bits of each rate, then each index;
    // Present says which of them are set (null and 0 are different items).
    private readonly string?[] _texts;
    private readonly long[] _numbers;
    private ulong _present;

    static ItemParts()
    {
        if (TextAxes.Length + RateAxes.Length + IndexAxes.Length != RecordAxes.CellAxes.Count || RateAxes.Length + IndexAxes.Length > 64)
        {
            throw new InvalidOperationException(
                $"ItemParts reads cell axes of type string?, double? and int? only; the axis table has {string.Join(", ", RecordAxes.CellAxes.Select(a => a.Column))}.");
        }
    }

    /// <summary>Creates empty parts, to be filled by <see cref="Fill"/>.</summary>
    public ItemParts()
        : this(new string?[3 + TextAxes.Length], new long[RateAxes.Length + IndexAxes.Length], 0)
    {
    }

    private ItemParts(string?[] texts, long[] numbers, ulong present)
    {
        _texts = texts;
        _numbers = numbers;
        _present = present;
    }

    /// <summary>Sets these parts to <paramref name="record"/>'s.</summary>
    public void Fill(ResultRecord record)
    {
        _texts[0] = record.Assembly;
        _texts[1] = record.TestClass;
        _texts[2] = record.TestMethod;
        for (var i = 0; i < TextAxes.Length; i++)
        {
            _texts[3 + i] = TextAxes[i](record);
        }

        _present = 0;
        for (var i = 0; i < RateAxes.Length; i++)
        {
            var rate = RateAxes[i](record);
            _numbers[i] = rate is { } value ? BitConverter.DoubleToInt64Bits(value) : 0;
            _present |= rate is null ? 0UL : 1UL << i;
        }

        for (var i = 0; i < IndexAxes.Length; i++)
        {
            var index = IndexAxes[i](record);
            var slot = RateAxes.Length + i;
            _numbers[slot] = index ?? 0;
            _present |= index is null ? 0UL : 1UL << slot;
        }
    }

    /// <summary>A copy that later <see cref="Fill"/> calls on this instance do not change.</summary>
    public ItemParts Copy() => new((string?[])_texts.Clone(), (long[])_numbers.Clone(), _present);

    /// <inheritdoc />
    public bool Equals(ItemParts? other)
    {
        if (other is null || other._present != _present)
        {
            return false;
        }

        for (var i = 0; i < _numbers.Length; i++)
        {
            if (_numbers[i] != other._numbers[i])
            {
                return false;
            }
        }

        for (var i = 0; i < _texts.Length; i++)
        {
            if (!string.Equals(_texts[i], other._texts[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ItemParts);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(_present);
        foreach (var number in _numbers)
        {
            hash.Add(number);
        }

        foreach (var text in _texts)
        {
            hash.Add(text is null ? 0 : string.GetHashCode(text, StringComparison.Ordinal));
        }

        return hash.ToHashCode();
    }
}
