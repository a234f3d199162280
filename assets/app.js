/* hjemvej: JavaScript only enhances; every page works without it. */
(function () {
  'use strict';
  // Move focus to the error summary when a form comes back with errors.
  var summary = document.querySelector('.alert-error[role="alert"]');
  if (summary) {
    summary.setAttribute('tabindex', '-1');
    summary.focus();
  }
})();
