import { api } from '../../api/client';

/**
 * Raw bytes per upload.chunk call. Base64 makes 4 characters of every 3 bytes, so a chunk is at most
 * 933,332 characters: under the contract's 1,000,000 and the web host's 1 MB body limit. A multiple of 3,
 * so each chunk is whole base64 without padding.
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

/**
 * Sends a File to the core (upload.begin, upload.chunk in order, upload.finish) and returns the path
 * the core wrote it to, for import.preview and import.run.
 */
export async function uploadFile(file: File, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<string> {
  const { uploadId } = await api.call('upload.begin', { fileName: file.name.slice(-255), size: file.size });
  let offset = 0;
  onProgress(0, file.size);
  while (offset < file.size) {
    if (signal?.aborted) throw new UploadCancelled();
    const blob = file.slice(offset, offset + CHUNK_BYTES);
    await api.call('upload.chunk', { uploadId, offset, data: await toBase64(blob) });
    offset += blob.size;
    onProgress(offset, file.size);
  }
  return (await api.call('upload.finish', { uploadId })).path;
}
