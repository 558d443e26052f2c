package dev.archsim.engine.sim;

/**
 * A map from a latency offset (ms) to a value, by the offset's bits in an open-addressed table: the
 * same offsets as {@code ==} finds them (0.0 and -0.0 alike; NaN, equal to nothing, is never
 * found).
 */
final class OffsetTable<V> {
  private long[] keys = new long[8];
  private Object[] values = new Object[8];
  private int size;

  private static long bits(double offset) {
    return offset == 0 ? 0L : Double.doubleToRawLongBits(offset);
  }

  private static int slot(long bits, int mask) {
    long h = bits * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  @SuppressWarnings("unchecked")
  V get(double offset) {
    if (Double.isNaN(offset)) {
      return null;
    }
    long k = bits(offset);
    int mask = keys.length - 1;
    for (int i = slot(k, mask); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == k) {
        return (V) values[i];
      }
    }
    return null;
  }

  /** Adds {@code offset}, which {@link #get} does not find; a NaN offset is not kept. */
  void put(double offset, V value) {
    if (Double.isNaN(offset)) {
      return;
    }
    if (2 * (size + 1) > keys.length) {
      long[] oldKeys = keys;
      Object[] oldValues = values;
      keys = new long[oldKeys.length * 2];
      values = new Object[oldKeys.length * 2];
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldValues[i] != null) {
          insert(oldKeys[i], oldValues[i]);
        }
      }
    }
    insert(bits(offset), value);
    size++;
  }

  private void insert(long k, Object value) {
    int mask = keys.length - 1;
    int i = slot(k, mask);
    while (values[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = k;
    values[i] = value;
  }

  int size() {
    return size;
  }
}
