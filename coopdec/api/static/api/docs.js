// Starts Swagger UI on /api/docs; a script file, because the CSP forbids inline scripts.
"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    layout: "BaseLayout",
    presets: [window.SwaggerUIBundle.presets.apis],
    // No call to the public validator service: nothing leaves this site.
    validatorUrl: null,
  });
})();
