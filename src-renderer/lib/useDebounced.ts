import { useEffect, useState } from 'react';

/** A debounced copy of a value (compared as JSON): the live count follows edits without a query per keystroke. */
export function useDebounced<T>(value: T, ms = 200): T {
  const key = JSON.stringify(value);
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(JSON.parse(key) as T), ms);
    return () => clearTimeout(t);
  }, [key, ms]);
  return v;
}
