/* global document, window, MutationObserver */
// Runs on each docs page after Swagger UI's own scripts, with window.LEAD_PROVIDER_DOCS set by
// docs-config.js: adds the version switcher to the top bar and a line saying the version's state.
(function () {
  'use strict';
  var docs = window.LEAD_PROVIDER_DOCS;
  if (!docs) return;

  function text(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (content) element.textContent = content;
    return element;
  }

  function switcher() {
    var nav = text('nav', 'lp-versions');
    nav.setAttribute('aria-label', 'API versions');
    docs.versions.forEach(function (entry) {
      var label = entry.version + (entry.note ? ' (' + entry.note + ')' : '');
      var link = text('a', 'lp-version lp-version-' + entry.state, label);
      link.href = entry.href;
      link.setAttribute('data-version', entry.version);
      if (entry.version === docs.version) link.setAttribute('aria-current', 'page');
      nav.appendChild(link);
    });
    return nav;
  }

  function lifecycle() {
    var banner = text('p', 'lp-lifecycle lp-lifecycle-' + docs.state, docs.lifecycle);
    banner.setAttribute('role', docs.state === 'deprecated' || docs.state === 'retired' ? 'alert' : 'note');
    return banner;
  }

  // Swagger UI renders its top bar after window.onload; place ours as soon as it exists.
  function whenPresent(selector, then) {
    var found = document.querySelector(selector);
    if (found) return then(found);
    var observer = new MutationObserver(function () {
      var element = document.querySelector(selector);
      if (element) {
        observer.disconnect();
        then(element);
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }

  whenPresent('#swagger-ui .topbar .topbar-wrapper', function (wrapper) {
    wrapper.appendChild(switcher());
    var topbar = wrapper.closest('.topbar');
    topbar.parentNode.insertBefore(lifecycle(), topbar.nextSibling);
  });
})();
