using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Some of a record's values, as the record holds them: chosen text columns and axes, the axes read through their typed
/// getters (no text formatted, no value boxed), so records can be keyed by what a grouping reads without building its
/// key. Equal parts always give equal grouping texts and case keys over those values; the converse need not hold (two
/// rates whose bits differ format alike), so a cache keyed by parts maps to the real key, never replaces it.
/// </summary>
internal sealed class RecordParts : IEquatable<RecordParts>
{
    private readonly Func<ResultRecord, string?>[] _textGetters;
    private readonly Func<IRecordAxisValues, double?>[] _rateGetters;
    private readonly Func<IRecordAxisValues, int?>[] _indexGetters;

    // The texts in getter order; the numbers: the raw bits of each rate, then each index, with _present saying which
    // are set (an unset value and 0 are different parts).
    private readonly string?[] _texts;
    private readonly long[] _numbers;
    private ulong _present;

    /// <summary>Creates empty parts over <paramref name="texts"/> and <paramref name="axes"/>, to be filled by <see cref="Fill"/>.</summary>
    /// <exception cref="ArgumentException">An axis's values are not <c>string?</c>, <c>double?</c> or <c>int?</c>, or more than 64 are numbers.</exception>
    public RecordParts(IEnumerable<Func<ResultRecord, string?>> texts, IEnumerable<RecordAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(axes);
        List<Func<ResultRecord, string?>> textGetters = [.. texts];
        List<Func<IRecordAxisValues, double?>> rates = [];
        List<Func<IRecordAxisValues, int?>> indices = [];
        foreach (var axis in axes)
        {
            switch (axis)
            {
                case TypedRecordAxis<string?> text:
                    textGetters.Add(text.Get);
                    break;
                case TypedRecordAxis<double?> rate:
                    rates.Add(rate.Get);
                    break;
                case TypedRecordAxis<int?> index:
                    indices.Add(index.Get);
                    break;
                default:
                    throw new ArgumentException($"The axis '{axis.Column}' has values that are not string?, double? or int?; RecordParts reads those only.", nameof(axes));
            }
        }

        if (rates.Count + indices.Count > 64)
        {
            throw new ArgumentException($"{rates.Count + indices.Count} number axes; RecordParts holds at most 64.", nameof(axes));
        }

        _textGetters = [.. textGetters];
        _rateGetters = [.. rates];
        _indexGetters = [.. indices];
        _texts = new string?[_textGetters.Length];
        _numbers = new long[_rateGetters.Length + _indexGetters.Length];
    }

    private RecordParts(RecordParts source)
    {
        _textGetters = source._textGetters;
        _rateGetters = source._rateGetters;
        _indexGetters = source._indexGetters;
        _texts = (string?[])source._texts.Clone();
        _numbers = (long[])source._numbers.Clone();
        _present = source._present;
    }

    /// <summary>Sets these parts to <paramref name="record"/>'s.</summary>
    public void Fill(ResultRecord record)
    {
        for (var i = 0; i < _textGetters.Length; i++)
        {
            _texts[i] = _textGetters[i](record);
        }

        var present = 0UL;
        for (var i = 0; i < _rateGetters.Length; i++)
        {
            var rate = _rateGetters[i](record);
            _numbers[i] = rate is { } value ? BitConverter.DoubleToInt64Bits(value) : 0;
            present |= rate is null ? 0UL : 1UL << i;
        }

        for (var i = 0; i < _indexGetters.Length; i++)
        {
            var index = _indexGetters[i](record);
            var slot = _rateGetters.Length + i;
            _numbers[slot] = index ?? 0;
            present |= index is null ? 0UL : 1UL << slot;
        }

        _present = present;
    }

    /// <summary>A copy that later <see cref="Fill"/> calls on this instance do not change.</summary>
    public RecordParts Copy() => new(this);

    /// <inheritdoc />
    public bool Equals(RecordParts? other)
    {
        if (other is null || other._present != _present || other._texts.Length != _texts.Length || other._numbers.Length != _numbers.Length)
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
    public override bool Equals(object? obj) => Equals(obj as RecordParts);

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
