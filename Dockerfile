# Corridor Atlas app server. Build: docker build -t corridor-atlas .  (compose.yaml runs two behind a proxy)
FROM python:3.11-slim-bookworm

# Debian's Chromium renders report exports; DejaVu is the map's font.
RUN apt-get update -q \
    && apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

RUN useradd --create-home atlas
USER atlas
EXPOSE 8501
CMD ["python", "-m", "streamlit", "run", "serve.py", "--server.port", "8501", "--server.address", "0.0.0.0", \
     "--server.headless", "true"]
