/**
 * Answers 404 for missing files under /models/, in dev and preview.
 *
 * Vite's single-page fallback answers any unknown path with index.html and status 200, so
 * transformers.js would try to parse HTML as a model's config and report a corrupt file instead
 * of "model not found".
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Connect, Plugin } from 'vite';

const MODELS_PREFIX = '/models/';

function notFoundUnder(root: string): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = decodeURIComponent(req.url?.split('?')[0] ?? '');
    if (!url.startsWith(MODELS_PREFIX)) return next();
    const file = path.join(root, url);
    // Stay inside the served folder whatever the URL says.
    if (!file.startsWith(root + path.sep) || !existsSync(file)) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain');
      res.end(`Not found: ${url}`);
      return;
    }
    next();
  };
}

export function missingModels404(): Plugin {
  return {
    name: 'gpt-playground:missing-models-404',
    configureServer(server) {
      server.middlewares.use(notFoundUnder(path.resolve(server.config.publicDir)));
    },
    configurePreviewServer(server) {
      server.middlewares.use(notFoundUnder(path.resolve(server.config.build.outDir)));
    },
  };
}
