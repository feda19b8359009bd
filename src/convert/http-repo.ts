/**
 * A repository read over HTTP, for the page's worker: small files fetched whole, weight files read
 * with Range requests one tensor at a time (see `httpSource`), so nothing is downloaded twice and the
 * checkpoint is never held whole.
 */
import { httpSource } from './byte-source.ts';
import type { RepoReader } from './checkpoint.ts';
import { ConvertError } from './errors.ts';

/**
 * @param files - The repository's paths (from the Hub API's `siblings`).
 * @param urlOf - The download URL of a path (`<host>/<id>/resolve/<revision>/<path>`).
 */
export function httpRepo(name: string, files: Iterable<string>, urlOf: (path: string) => string, fetchImpl: typeof fetch = fetch): RepoReader {
  return {
    name,
    files: new Set(files),
    async readText(path) {
      const response = await fetchImpl(urlOf(path));
      if (!response.ok) throw new ConvertError('missing-weights', `${name}: ${path} answered ${response.status}.`);
      return response.text();
    },
    open: (path) => httpSource(path, urlOf(path), fetchImpl),
  };
}
