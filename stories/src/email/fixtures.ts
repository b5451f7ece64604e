/** A welcome email in MJML with Handlebars variables, as the editor shows it. */
export const welcomeMjml = `<mjml>
  <mj-body background-color="#f4f4f5">
    <mj-section>
      <mj-column>
        <mj-text font-size="20px">Welcome, {{user.name}}!</mj-text>
        <mj-text>Confirm your address to finish setting up {{app.name}}.</mj-text>
        <mj-button href="{{verifyUrl}}">Verify my email</mj-button>
        {{#if supportEmail}}<mj-text>Questions? Write to {{supportEmail}}.</mj-text>{{/if}}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

/** The same email rendered to HTML (what the preview shows). */
export const welcomeHtml = `<!doctype html>
<html>
<head>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <style>
    body { margin: 0; background: #f4f4f5; font-family: system-ui, sans-serif; color: #18181b; }
    .card { max-width: 560px; margin: 24px auto; background: #ffffff; border-radius: 8px; padding: 24px; }
    a.button { display: inline-block; background: #18181b; color: #ffffff; padding: 10px 18px; border-radius: 6px; text-decoration: none; }
    @media (prefers-color-scheme: dark) {
      body { background: #09090b; color: #fafafa; }
      .card { background: #18181b; }
      a.button { background: #fafafa; color: #18181b; }
    }
  </style>
</head>
<body>
  <div class="card">
    <h1 style="font-size:20px">Welcome, Ada!</h1>
    <p>Confirm your address to finish setting up Acme.</p>
    <p><a class="button" href="https://example.com/verify">Verify my email</a></p>
  </div>
</body>
</html>`;
