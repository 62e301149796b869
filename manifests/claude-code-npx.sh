# Claude Code: make trakt-mcp available in every project (--scope user), from npm (needs Node 18+).
# Log in once first, in a terminal: npx -y trakt-mcp login
claude mcp add trakt --scope user -e TRAKT_CLIENT_ID='<your Trakt Client ID>' -e TRAKT_CLIENT_SECRET='<your Trakt Client Secret>' -- npx -y trakt-mcp

# Or keep the secret out of Claude Code's settings: put {"client_id": "...", "client_secret": "..."}
# in ~/.config/trakt-mcp/config.json (chmod 600) and add the server without -e flags:
# claude mcp add trakt --scope user -- npx -y trakt-mcp
