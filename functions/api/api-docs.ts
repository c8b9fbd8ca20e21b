/**
 * `/api/docs`: Swagger UI from the project's own pinned copy (npm `swagger-ui-dist`, exact version in
 * package.json), so the page works with no internet and loads nothing from a third party. The web build copies
 * its script and stylesheet to `/api-docs/` (web/vite.config.ts `swaggerUiAssets`), served from the same origin
 * as the app: S3 behind CloudFront in the cloud, the local server's static files locally.
 */
export const API_DOCS_ASSETS = '/api-docs';

export const apiDocsHtml = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>community-points API</title>
    <link rel="stylesheet" href="${API_DOCS_ASSETS}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${API_DOCS_ASSETS}/swagger-ui-bundle.js"></script>
    <script src="${API_DOCS_ASSETS}/init.js"></script>
  </body>
</html>
`;

/** The script that starts Swagger UI on the OpenAPI document (a file, so no inline script is needed). */
export const apiDocsInit = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });\n`;
