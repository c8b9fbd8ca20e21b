/**
 * CloudFront Function (JS 2.0 runtime) for the web's default behaviour: a history-API path without a
 * file extension (`/activities/01H…`) is served `/index.html`; files (`/assets/app.js`) pass through.
 * A rewrite instead of distribution-wide error responses, which would also turn the API's 404
 * problem+json into the HTML page. Kept as plain ES5-ish source because it runs in CloudFront, not Node.
 */
export const spaRewriteSource = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (uri.indexOf('/api/') !== 0 && last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;
