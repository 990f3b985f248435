import { runJob } from '../../lib/jobs';

/** Saves text as a file through the browser's download (desktop and browser mode alike). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** Saves any bytes as a file through the browser's download. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Bytes that came as base64 (a PDF from the host) as a file download. */
export function downloadBase64(fileName: string, base64: string, type: string): void {
  downloadBlob(fileName, new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type }));
}

/**
 * Every reject of an import as a CSV file (line, reason, the original values): written by the core as a
 * job, then downloaded (browser mode) or saved where the desktop dialog said.
 */
export async function downloadRejects(importId: number): Promise<void> {
  const job = await runJob(
    'import.exportRejects',
    { importId },
    { fileName: `import-${importId}-rejects.csv`, filters: [{ name: 'CSV', extensions: ['csv'] }] },
  );
  if (job?.state === 'failed') throw new Error(job.message ?? 'The rejects could not be exported.');
}
