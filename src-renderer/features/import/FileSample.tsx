/** The first rows of a file as they are in the file: the browser's instant parse, then the core's sample. */
export function FileSample({
  headers,
  rows,
  caption,
  limit = 8,
}: {
  headers: string[];
  rows: string[][];
  caption: string;
  limit?: number;
}) {
  const shown = rows.slice(0, limit);
  return (
    <div className="table-scroll">
      <table className="table sample-table" aria-label={caption}>
        <thead>
          <tr>
            <th className="line-no" scope="col">
              Line
            </th>
            {headers.map((h, i) => (
              <th key={i} scope="col" title={h}>
                {h || <span className="muted">(no name)</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r, li) => (
            <tr key={li}>
              <td className="line-no">{li + 2}</td>
              {headers.map((_, i) => (
                <td key={i} title={r[i] ?? ''}>
                  {r[i] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
