import { api } from './client';
import { toProblem, type ApiProblem } from './problems';

/**
 * Uploads one file (POST /files) under its own name and type: its id, or the API's problem (413 too large,
 * 415 a type not accepted…). Used for a step result's files and for the scans handed in at the desk.
 */
export async function uploadFile(file: File): Promise<{ id: string } | { problem: ApiProblem }> {
  const uploaded = await api.POST('/files', {
    params: {
      header: {
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      },
    },
    body: file as never,
    bodySerializer: (body: unknown) => body as BodyInit,
    headers: { 'content-type': file.type || 'application/octet-stream' },
  });
  if (!uploaded.response.ok || !uploaded.data)
    return { problem: toProblem(uploaded.response.status, uploaded.error) };
  return { id: (uploaded.data as { id: string }).id };
}
