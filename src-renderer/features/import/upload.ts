import type { Result } from '../../../src-main/contract/errors';
import { api, ApiError } from '../../api/client';
import { takeToken } from '../../api/http-transport';
import { isDesktop } from '../../lib/jobs';

/**
 * Browser mode sends the file's bytes as they are (`PUT /api/upload/<id>`, no base64, no JSON), a
 * slice per request so progress moves and Cancel stops between slices. The browser reads each slice
 * from disk itself; the page never holds the file.
 */
export const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * Raw bytes per import.uploadChunk call, the desktop fallback (a dropped file whose path the window cannot
 * see). Base64 makes 4 characters of every 3 bytes: under the contract's 1,000,000 characters.
 */
export const CHUNK_BYTES = 699_999;

export class UploadCancelled extends Error {
  constructor() {
    super('Upload cancelled.');
  }
}

function toBase64(blob: Blob): Promise<string> {
  // FileReader encodes natively and off the main thread's hot path: the page stays responsive.
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const url = r.result as string;
      resolve(url.slice(url.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error ?? new Error('The file could not be read.'));
    r.readAsDataURL(blob);
  });
}

async function putSlice(uploadId: string, offset: number, blob: Blob, signal?: AbortSignal): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/upload/${encodeURIComponent(uploadId)}?offset=${offset}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Ace-Token': takeToken() },
      body: blob,
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw new UploadCancelled();
    throw new ApiError({ code: 'INTERNAL', message: `Cannot reach the ACE server: ${(e as Error).message}` });
  }
  const body = (await res.json().catch(() => null)) as Result<unknown> | null;
  if (!body) throw new ApiError({ code: 'INTERNAL', message: `The server answered ${res.status} to the upload.` });
  if (!body.ok) throw new ApiError(body.error);
}

/**
 * Sends a File to the core (import.uploadBegin, the bytes in order, upload.finish) and returns the path the
 * core wrote it to, for import.preview and import.run.
 */
export async function uploadFile(file: File, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<string> {
  const { uploadId } = await api.call('import.uploadBegin', { fileName: file.name.slice(-255), size: file.size });
  const binary = !isDesktop();
  const step = binary ? SLICE_BYTES : CHUNK_BYTES;
  let offset = 0;
  onProgress(0, file.size);
  while (offset < file.size) {
    if (signal?.aborted) throw new UploadCancelled();
    const blob = file.slice(offset, offset + step);
    if (binary) await putSlice(uploadId, offset, blob, signal);
    else await api.call('import.uploadChunk', { uploadId, offset, data: await toBase64(blob) });
    offset += blob.size;
    onProgress(offset, file.size);
  }
  return (await api.call('import.uploadFinish', { uploadId })).path;
}
