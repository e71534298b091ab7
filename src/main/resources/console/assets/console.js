// The console's only script: copy buttons and confirmations. Every page works without it
// (a confirmation is then asked on a page of its own).
(function () {
  'use strict';

  function announce(button, text) {
    var status = button.parentNode.querySelector('.copy-status');
    if (!status) {
      status = document.createElement('span');
      status.className = 'copy-status';
      status.setAttribute('role', 'status');
      button.parentNode.appendChild(status);
    }
    status.textContent = text;
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field) {
      return;
    }
    var text = field.value;
    var done = function () { announce(button, 'Copied'); };
    var fallback = function () {
      field.focus();
      field.select();
      try {
        if (document.execCommand('copy')) {
          done();
          return;
        }
      } catch (e) {
        // fall through
      }
      announce(button, 'Selected: press Ctrl+C (or Cmd+C) to copy');
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-copy]');
    if (button) {
      event.preventDefault();
      copy(button);
    }
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute('data-confirm');
    if (!question) {
      return;
    }
    if (window.confirm(question)) {
      var confirmed = form.querySelector('input[name="confirmed"]');
      if (confirmed) {
        confirmed.value = 'yes';
      }
    } else {
      event.preventDefault();
    }
  });
})();
